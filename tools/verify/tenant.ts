import { createLocalJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from "jose";
import type { HttpsClient } from "../net/https";
import { GUID_IN_TEXT } from "../../infra/guid";

/** The OpenID configuration fields verify relies on. */
export interface OpenIdMetadata {
  issuer: string;
  token_endpoint: string;
  jwks_uri: string;
  authorization_endpoint: string;
  [k: string]: unknown;
}

export class TenantUnavailableError extends Error {
  constructor(
    message: string,
    readonly unreachable: boolean,
    readonly aadsts?: string,
  ) {
    super(message);
  }
}

/**
 * Everything shared by all apps of one tenant: the authority metadata (fetched once and handed
 * to every msal-node instance as `authorityMetadata`, so N apps cost N token requests plus a
 * constant), the v1 issuer (fetched only if a v1 token shows up), and the signing keys (fetched
 * once, re-fetched when a token names a key id we have not seen: signing-key rollover).
 */
export class TenantContext {
  readonly authority: string;
  private v2?: Promise<OpenIdMetadata>;
  private v1?: Promise<OpenIdMetadata>;
  private jwks?: Promise<{ keys: JWTVerifyGetKey; kids: Set<string> }>;

  constructor(
    readonly authorityHost: string,
    readonly tenant: string,
    private readonly http: HttpsClient,
  ) {
    this.authority = `${authorityHost.replace(/\/+$/, "")}/${tenant}`;
  }

  metadata(): Promise<OpenIdMetadata> {
    this.v2 ??= this.fetchMetadata(`${this.authority}/v2.0/.well-known/openid-configuration`);
    return this.v2;
  }

  /** The tenant's GUID, read from the v2 issuer (the tenant may have been given as a domain). */
  async tenantGuid(): Promise<string> {
    const iss = (await this.metadata()).issuer;
    const m = GUID_IN_TEXT.exec(iss);
    return m ? m[0].toLowerCase() : this.tenant;
  }

  async issuer(version: "1.0" | "2.0"): Promise<string> {
    if (version === "2.0") return (await this.metadata()).issuer;
    this.v1 ??= this.fetchMetadata(`${this.authority}/.well-known/openid-configuration`);
    return (await this.v1).issuer;
  }

  /** A key resolver for jose that refreshes the key set once when it meets an unknown `kid`. */
  keyResolver(): JWTVerifyGetKey {
    return async (header, token) => {
      let set = await this.keys();
      if (header.kid && !set.kids.has(header.kid)) {
        this.jwks = undefined;
        set = await this.keys();
      }
      return set.keys(header, token);
    };
  }

  private keys(): Promise<{ keys: JWTVerifyGetKey; kids: Set<string> }> {
    this.jwks ??= (async () => {
      const meta = await this.metadata();
      const jwks = (await this.getJson(meta.jwks_uri)) as unknown as JSONWebKeySet;
      if (!jwks || !Array.isArray(jwks.keys))
        throw new TenantUnavailableError(`the key set at ${meta.jwks_uri} has no keys`, false);
      return { keys: createLocalJWKSet(jwks), kids: new Set(jwks.keys.map((k) => String(k.kid))) };
    })();
    this.jwks.catch(() => (this.jwks = undefined));
    return this.jwks;
  }

  private async fetchMetadata(url: string): Promise<OpenIdMetadata> {
    const p = this.getJson(url) as Promise<OpenIdMetadata>;
    const meta = await p;
    if (
      typeof meta.issuer !== "string" ||
      typeof meta.token_endpoint !== "string" ||
      typeof meta.jwks_uri !== "string"
    ) {
      throw new TenantUnavailableError(`${url} is not an OpenID configuration document`, false);
    }
    return meta;
  }

  private async getJson(url: string): Promise<Record<string, unknown>> {
    let res;
    try {
      res = await this.http.request("GET", url, { accept: "application/json" });
    } catch (e) {
      throw new TenantUnavailableError(
        `could not reach ${new URL(url).origin}: ${(e as Error).message}`,
        true,
      );
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(res.body) as Record<string, unknown>;
    } catch {
      throw new TenantUnavailableError(
        `${url} answered HTTP ${res.status} with a body that is not JSON`,
        res.status >= 500,
      );
    }
    if (res.status >= 400) {
      const codes = body.error_codes as number[] | undefined;
      const desc =
        typeof body.error_description === "string"
          ? body.error_description.split(/\r?\n/)[0]
          : `HTTP ${res.status}`;
      // 429 and 5xx are worth retrying like an unreachable authority; 4xx (e.g. AADSTS90002) are final.
      throw new TenantUnavailableError(
        desc,
        res.status >= 500 || res.status === 429,
        codes?.length ? String(codes[0]) : undefined,
      );
    }
    return body;
  }
}
