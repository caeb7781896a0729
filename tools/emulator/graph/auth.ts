import { errors, jwtVerify, type JWTPayload } from "jose";
import type { EmulatorContext } from "../context";
import type { Tenant } from "../directory/tenant";
import type { Exchange } from "../http/exchange";
import { Graph } from "./errors";
import { MSGRAPH_APP_ID } from "../../../infra/msgraph";

/** The audiences Microsoft Graph accepts: its URI (with or without slash) and its appId. */
const GRAPH_AUDIENCES = new Set([
  "https://graph.microsoft.com",
  "https://graph.microsoft.com/",
  MSGRAPH_APP_ID,
]);

/** Who is calling Graph, from a token the emulator issued. */
export interface Caller {
  tenant: Tenant;
  appId: string;
  roles: Set<string>;
}

/**
 * Validates `Authorization: Bearer` the way Graph does for app-only tokens: signed by one of
 * the emulator's published keys, not expired, issued by a tenant it serves, for Graph. Any
 * other token (another issuer's, another audience's, tampered) is a 401.
 */
export async function authenticate(ctx: EmulatorContext, x: Exchange): Promise<Caller> {
  const header = x.header("authorization");
  const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!m) throw Graph.noToken();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(
      m[1],
      async (h) => {
        const key = await ctx.keys.publicKey(h.kid);
        if (!key) throw new Error("unknown signing key");
        return key;
      },
      { algorithms: ["RS256"] },
    ));
  } catch (e) {
    if (e instanceof errors.JWTExpired)
      throw Graph.badToken("Lifetime validation failed, the token is expired.");
    throw Graph.badToken("Access token validation failure. Invalid signature or malformed token.");
  }
  const auds = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!auds.some((a) => typeof a === "string" && GRAPH_AUDIENCES.has(a)))
    throw Graph.badToken("Access token validation failure. Invalid audience.");
  const tid = String(payload.tid ?? "");
  const tenant = ctx.directory.get(tid);
  if (!tenant || payload.iss !== `https://sts.windows.net/${tid}/`)
    throw Graph.badToken("Access token validation failure. Invalid issuer.");
  const appId = typeof payload.appid === "string" ? payload.appid : "";
  const roles = new Set(Array.isArray(payload.roles) ? payload.roles.map(String) : []);
  return { tenant, appId, roles };
}

/** Application permissions that allow each kind of Graph call (from Graph's permission reference). */
export const PERMISSIONS = {
  read: [
    "Application.Read.All",
    "Application.ReadWrite.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
  ],
  write: ["Application.ReadWrite.All", "Directory.ReadWrite.All"],
  readAssignments: [
    "Application.Read.All",
    "Application.ReadWrite.All",
    "AppRoleAssignment.ReadWrite.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
  ],
  assign: ["AppRoleAssignment.ReadWrite.All"],
} as const;
export type Permission = keyof typeof PERMISSIONS;

export function authorise(caller: Caller, permission: Permission): void {
  if (!PERMISSIONS[permission].some((r) => caller.roles.has(r))) throw Graph.denied();
}
