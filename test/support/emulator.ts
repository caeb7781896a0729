/**
 * The shared emulator harness: start an emulator in-process, talk to it over real TLS trusting
 * its CA (never with verification turned off), build unmodified msal-node clients for it, and
 * verify the tokens it issues against the JWKS its discovery document names.
 */
import { ConfidentialClientApplication, type Configuration } from "@azure/msal-node";
import { createLocalJWKSet, jwtVerify, type JWTPayload } from "jose";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../tools/emulator";
import { HttpsClient, type HttpResponse } from "../../tools/net/https";
import { MsalNetworkClient } from "../../tools/net/msalNetworkClient";

export interface JsonResponse extends HttpResponse {
  json: Record<string, unknown>;
}

export interface TestEmulator extends RunningEmulator {
  /** An HTTPS client that trusts the emulator's CA (and nothing is ever unverified). */
  http: HttpsClient;
  /** `${authorityHost}/${tenant}` (default: the emulator's tenant id). */
  authority(tenant?: string): string;
  /** An unmodified msal-node confidential client wired to the emulator through msal's networkClient hook. */
  msal(
    auth: Omit<Configuration["auth"], "authority" | "knownAuthorities"> & { authority?: string },
  ): ConfidentialClientApplication;
  /** Raw POST to the v2 token endpoint with a form body. */
  tokenRequest(
    form: Record<string, string>,
    opts?: { tenant?: string; headers?: Record<string, string>; path?: string },
  ): Promise<JsonResponse>;
  /** A fresh Graph token for the admin app (not cached: a key rollover would invalidate it). */
  adminToken(): Promise<string>;
  /** A Graph call; `token` defaults to the admin's. */
  graph(
    method: "GET" | "POST" | "PATCH" | "DELETE",
    path: string,
    body?: unknown,
    token?: string,
  ): Promise<JsonResponse>;
  /** Verifies a token with jose against the JWKS from the discovery document; returns its claims. */
  verifyToken(
    token: string,
    opts: { version: 1 | 2; audience: string; tenant?: string },
  ): Promise<JWTPayload>;
}

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const e = await startEmulator({ quiet: options.log === undefined, ...options });
  const http = new HttpsClient({ extraCaPem: [e.caPem] });
  const network = new MsalNetworkClient(http);
  const host = new URL(e.authorityHost).host;
  const parse = (r: HttpResponse): JsonResponse => ({
    ...r,
    json: r.body ? (JSON.parse(r.body) as Record<string, unknown>) : {},
  });

  const t: TestEmulator = {
    ...e,
    http,
    authority: (tenant = e.tenantId) => `${e.authorityHost}/${tenant}`,
    msal: (auth) =>
      new ConfidentialClientApplication({
        auth: { authority: `${e.authorityHost}/${e.tenantId}`, ...auth, knownAuthorities: [host] },
        system: { networkClient: network },
      }),
    async tokenRequest(form, opts = {}) {
      const url = `${e.authorityHost}/${opts.tenant ?? e.tenantId}${opts.path ?? "/oauth2/v2.0/token"}`;
      return parse(
        await http.request(
          "POST",
          url,
          { "content-type": "application/x-www-form-urlencoded", ...opts.headers },
          new URLSearchParams(form).toString(),
        ),
      );
    },
    async adminToken() {
      const r = await t.tokenRequest({
        grant_type: "client_credentials",
        client_id: e.admin.clientId,
        client_secret: e.admin.clientSecret,
        scope: "https://graph.microsoft.com/.default",
      });
      if (r.status !== 200) throw new Error(`admin token: ${r.status} ${r.body}`);
      return String(r.json.access_token);
    },
    async graph(method, path, body, token) {
      const headers: Record<string, string> = {
        authorization: `Bearer ${token ?? (await t.adminToken())}`,
      };
      if (body !== undefined) headers["content-type"] = "application/json";
      return parse(
        await http.request(
          method,
          `${e.graphBaseUrl}${path}`,
          headers,
          body === undefined ? undefined : JSON.stringify(body),
        ),
      );
    },
    async verifyToken(token, opts) {
      const tenant = opts.tenant ?? e.tenantId;
      const discovery =
        opts.version === 2
          ? `${e.authorityHost}/${tenant}/v2.0/.well-known/openid-configuration`
          : `${e.authorityHost}/${tenant}/.well-known/openid-configuration`;
      const doc = JSON.parse((await http.request("GET", discovery)).body) as {
        jwks_uri: string;
        issuer: string;
      };
      const jwks = JSON.parse((await http.request("GET", doc.jwks_uri)).body);
      const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
        issuer: doc.issuer,
        audience: opts.audience,
        algorithms: ["RS256"],
      });
      return payload;
    },
    async close() {
      http.close();
      await e.close();
    },
  };
  return t;
}

/** The claims of a JWT without verifying it (for asserting on error cases). */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8")) as Record<
    string,
    unknown
  >;
}
