import type { EmulatorContext } from "../context";
import { resolveTenantSegment } from "../context";
import type { Tenant } from "../directory/tenant";
import type { Exchange } from "../http/exchange";
import type { Route } from "../http/router";
import { applyFaults } from "../http/faultGate";
import { authenticateClient } from "./clientAuth";
import { accessTokenClaims, TOKEN_LIFETIME_S, tokenVersionFor } from "./claims";
import { Sts } from "./errors";

/** Scopes OpenID Connect reserves; they say nothing about the resource and are ignored here. */
const OIDC_SCOPES = new Set(["openid", "profile", "offline_access", "email"]);

export function tokenRoutes(ctx: EmulatorContext): Route[] {
  const postOnly = (x: Exchange) => {
    throw Sts.postOnly(x.req.method ?? "GET");
  };
  return [
    {
      method: "POST",
      pattern: "/:tenant/oauth2/v2.0/token",
      area: "token",
      handler: (x) => token(ctx, x, 2),
    },
    {
      method: "POST",
      pattern: "/:tenant/oauth2/token",
      area: "token",
      handler: (x) => token(ctx, x, 1),
    },
    { method: "GET", pattern: "/:tenant/oauth2/v2.0/token", area: "token", handler: postOnly },
    { method: "GET", pattern: "/:tenant/oauth2/token", area: "token", handler: postOnly },
  ];
}

/**
 * The client credentials grant on the v2 endpoint (`scope={resource}/.default`) and the v1
 * endpoint (`resource={resource}`), in the order Entra checks: tenant, grant, client, scope,
 * credential, service principals, resource.
 */
async function token(ctx: EmulatorContext, x: Exchange, endpoint: 1 | 2): Promise<void> {
  const tenant = tenantOf(ctx, x.params.tenant);
  const form = new URLSearchParams(await x.body());
  const basic = parseBasic(x.header("authorization"));
  const grant = form.get("grant_type");
  if (!grant) throw Sts.missingParameter("grant_type");
  const clientId = (basic?.id ?? form.get("client_id") ?? "").trim();
  if (!clientId) throw Sts.missingParameter("client_id");
  if (!(await applyFaults(ctx, x, "token", clientId))) return;
  if (grant !== "client_credentials") throw Sts.unsupportedGrant(grant);

  const replication = ctx.faults.replication(clientId);
  const app = tenant.appByAppId(clientId);
  if (!app || replication.hides("application", app.createdAt))
    throw Sts.appNotFound(clientId, tenant.id);
  const requestedResource =
    endpoint === 2 ? resourceFromScope(form.get("scope")) : resourceParam(form.get("resource"));

  const acr = await authenticateClient(
    { ctx, tenant, app, hides: (o, t) => replication.hides(o, t) },
    {
      secret: basic?.secret ?? form.get("client_secret") ?? undefined,
      assertion: form.get("client_assertion") ?? undefined,
      assertionType: form.get("client_assertion_type") ?? undefined,
    },
  );

  const client = tenant.spByAppId(app.appId);
  if (!client) throw Sts.missingServicePrincipal(app.appId, tenant.id);
  if (!client.accountEnabled) throw Sts.appDisabled(app.appId, app.displayName);
  const resource = tenant.resolveResource(requestedResource);
  if (!resource) throw Sts.resourceNotFound(requestedResource, tenant.id);
  if (!resource.accountEnabled) throw Sts.resourceDisabled(resource.appId);

  const roleIds = new Set(
    tenant
      .assignmentsOf(client.id, resource.id)
      .filter((a) => !replication.hides("roleAssignment", a.createdAt))
      .map((a) => a.appRoleId),
  );
  // Entra refuses a token for a resource that requires assignment when the client holds no role
  // on it (AADSTS501051), which is also what a not-yet-replicated first grant looks like.
  if (resource.appRoleAssignmentRequired && roleIds.size === 0) {
    throw Sts.notAssigned(
      { appId: app.appId, name: app.displayName },
      { appId: resource.appId, name: resource.displayName },
    );
  }
  const roles = tenant
    .appRolesOf(resource)
    .filter((r) => r.isEnabled && roleIds.has(r.id) && r.value)
    .map((r) => r.value);
  const version = tokenVersionFor(tenant, resource);
  const claims = accessTokenClaims(
    { authorityHost: ctx.authorityHost, tenant, client, resource, requestedResource, roles, acr },
    version,
  );
  const accessToken = await ctx.keys.sign(claims);
  if (endpoint === 2) {
    x.send(200, {
      token_type: "Bearer",
      expires_in: TOKEN_LIFETIME_S,
      ext_expires_in: TOKEN_LIFETIME_S,
      access_token: accessToken,
    });
  } else {
    // The v1 endpoint answers numbers as strings and echoes the resource.
    x.send(200, {
      token_type: "Bearer",
      expires_in: String(TOKEN_LIFETIME_S),
      ext_expires_in: String(TOKEN_LIFETIME_S),
      expires_on: String(claims.exp),
      not_before: String(claims.nbf),
      resource: requestedResource,
      access_token: accessToken,
    });
  }
}

function tenantOf(ctx: EmulatorContext, segment: string): Tenant {
  const ref = resolveTenantSegment(ctx, segment);
  if (ref.kind === "tenant") return ref.tenant;
  // The client credentials flow has no user to pick a tenant: /common cannot work.
  if (ref.kind === "reserved") throw Sts.noTenant();
  throw Sts.tenantNotFound(ref.name);
}

/** Exactly one `{resource}/.default` (AADSTS70011 otherwise; 1002012 for a named permission). */
export function resourceFromScope(scope: string | null): string {
  const scopes = (scope ?? "")
    .split(/\s+/)
    .filter((s) => s.length > 0 && !OIDC_SCOPES.has(s.toLowerCase()));
  if (scopes.length === 0) {
    if (scope && scope.trim()) throw Sts.scopeInvalid(scope.trim());
    throw Sts.scopeMissing();
  }
  if (scopes.length > 1) throw Sts.scopeInvalid(scopes.join(" "));
  const s = scopes[0];
  if (!s.toLowerCase().endsWith("/.default")) throw Sts.scopeNotDefault(s);
  const resource = s.slice(0, -"/.default".length);
  if (!resource) throw Sts.scopeInvalid(s);
  return resource;
}

function resourceParam(resource: string | null): string {
  if (!resource || !resource.trim()) throw Sts.missingParameter("resource");
  return resource.trim();
}

/**
 * client_secret_basic (RFC 6749 section 2.3.1): both parts are form-urlencoded before being
 * joined with ':' and base64-encoded, so they are decoded the same way.
 */
function parseBasic(header: string | undefined): { id: string; secret: string } | undefined {
  const m = header ? /^Basic\s+(\S+)$/i.exec(header) : null;
  if (!m) return undefined;
  const text = Buffer.from(m[1], "base64").toString("utf8");
  const i = text.indexOf(":");
  if (i < 0) throw Sts.malformed();
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, " "));
    } catch {
      throw Sts.malformed();
    }
  };
  return { id: decode(text.slice(0, i)), secret: decode(text.slice(i + 1)) };
}
