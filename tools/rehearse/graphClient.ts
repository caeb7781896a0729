/**
 * Microsoft Graph as the azuread provider calls it: app-only, with a client-credentials token
 * for `https://graph.microsoft.com/.default` from the tenant's authority, JSON in and out.
 * Here the tenant is the emulator's and the caller its admin app (Application.ReadWrite.All and
 * AppRoleAssignment.ReadWrite.All, what a deployment identity needs for this program).
 */
import type { HttpsClient } from "../net/https";

export interface GraphTarget {
  /** `https://127.0.0.1:<port>`. */
  authorityHost: string;
  /** `${authorityHost}/v1.0`. */
  graphBaseUrl: string;
  tenantId: string;
  admin: { clientId: string; clientSecret: string };
}

/** A Graph request Graph refused: method, path, status and Graph's own code and message. */
export class GraphRequestError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly code: string,
    readonly graphMessage: string,
  ) {
    super(`Graph ${method} ${path} answered ${status} ${code}: ${graphMessage}`);
    this.name = "GraphRequestError";
  }
}

type Method = "GET" | "POST" | "PATCH" | "DELETE";
export type Json = Record<string, unknown>;

export class GraphClient {
  private token?: Promise<string>;

  constructor(
    private readonly http: HttpsClient,
    private readonly target: GraphTarget,
  ) {}

  get tenantId(): string {
    return this.target.tenantId;
  }

  /** Sends one request; resolves with the JSON body ({} for 204), rejects with GraphRequestError. */
  async request(method: Method, path: string, body?: unknown): Promise<Json> {
    const headers: Record<string, string> = { authorization: `Bearer ${await this.adminToken()}` };
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await this.http.request(
      method,
      `${this.target.graphBaseUrl}${path}`,
      headers,
      body === undefined ? undefined : JSON.stringify(body),
    );
    const json = parseJson(res.body);
    if (res.status >= 200 && res.status < 300) return json;
    const error = (json.error ?? {}) as { code?: unknown; message?: unknown };
    throw new GraphRequestError(
      method,
      path.split("?")[0],
      res.status,
      String(error.code ?? "unknown"),
      String(error.message ?? (res.body.slice(0, 200) || "(no body)")),
    );
  }

  /** One token for the whole run, as the provider caches its token until it expires. */
  private adminToken(): Promise<string> {
    this.token ??= this.requestToken();
    return this.token;
  }

  private async requestToken(): Promise<string> {
    const { authorityHost, tenantId, admin } = this.target;
    const res = await this.http.request(
      "POST",
      `${authorityHost}/${tenantId}/oauth2/v2.0/token`,
      { "content-type": "application/x-www-form-urlencoded" },
      new URLSearchParams({
        grant_type: "client_credentials",
        client_id: admin.clientId,
        client_secret: admin.clientSecret,
        scope: "https://graph.microsoft.com/.default",
      }).toString(),
    );
    const json = parseJson(res.body);
    if (res.status !== 200 || typeof json.access_token !== "string") {
      // Entra's error_description names the AADSTS code; the request itself held the secret.
      this.token = undefined;
      throw new Error(
        `the emulated tenant refused its admin app a Graph token (${res.status}): ${String(json.error_description ?? json.error ?? "no details")}`,
      );
    }
    return json.access_token;
  }
}

function parseJson(text: string): Json {
  if (!text) return {};
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {};
  } catch {
    return {};
  }
}
