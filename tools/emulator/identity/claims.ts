import { randomBytes } from "node:crypto";
import type { ServicePrincipal } from "../directory/model";
import type { Tenant } from "../directory/tenant";

/** Lifetime of app-only access tokens: Entra issues them for about an hour. */
export const TOKEN_LIFETIME_S = 3599;

export interface TokenRequest {
  authorityHost: string;
  tenant: Tenant;
  client: ServicePrincipal;
  resource: ServicePrincipal;
  /** The resource exactly as the client named it (before `/.default`). */
  requestedResource: string;
  roles: string[];
  acr: "1" | "2";
}

/**
 * Access-token claims as Entra issues them for the client credentials flow. The version
 * follows the *resource*: its application's `api.requestedAccessTokenVersion` (null or 1 -> v1;
 * Microsoft Graph is always v1). v1: `iss https://sts.windows.net/{tid}/`, `appid`, `appidacr`,
 * `aud` = the resource as requested. v2: `iss {authority}/{tid}/v2.0`, `azp`, `azpacr`,
 * `aud` = the resource's appId. `roles` is omitted when empty, as Entra omits it. `iat`/`nbf` are
 * back-dated five minutes for clock skew, as Entra's are.
 */
export function accessTokenClaims(
  r: TokenRequest,
  version: 1 | 2,
  now = Math.floor(Date.now() / 1000),
): Record<string, unknown> {
  const { tenant, client } = r;
  const common = {
    iat: now - 300,
    nbf: now - 300,
    exp: now + TOKEN_LIFETIME_S,
    idtyp: "app",
    oid: client.id,
    sub: client.id,
    tid: tenant.id,
    uti: randomBytes(16).toString("base64url").slice(0, 22),
    ...(r.roles.length > 0 ? { roles: r.roles } : {}),
  };
  if (version === 2) {
    return {
      aud: r.resource.appId,
      iss: `${r.authorityHost}/${tenant.id}/v2.0`,
      azp: client.appId,
      azpacr: r.acr,
      ...common,
      ver: "2.0",
    };
  }
  const iss = `https://sts.windows.net/${tenant.id}/`;
  return {
    aud: r.requestedResource,
    iss,
    idp: iss,
    appid: client.appId,
    appidacr: r.acr,
    ...common,
    ver: "1.0",
  };
}

/** v2 only when the resource's application asks for it. */
export function tokenVersionFor(tenant: Tenant, resource: ServicePrincipal): 1 | 2 {
  if (resource.builtIn) return 1;
  return tenant.appByAppId(resource.appId)?.requestedAccessTokenVersion === 2 ? 2 : 1;
}
