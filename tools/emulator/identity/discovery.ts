import type { EmulatorContext } from "../context";
import { resolveTenantSegment } from "../context";
import type { Exchange } from "../http/exchange";
import { applyFaults } from "../http/faultGate";
import type { Route } from "../http/router";
import { Sts } from "./errors";

/**
 * OpenID discovery (v2 and v1), instance discovery and JWKS, in the shapes Entra serves.
 * A tenant-specific document names the tenant by GUID in every endpoint even when it was asked
 * for by domain (msal-node relies on that to swap the domain for the id); /common and
 * /organizations carry the `{tenantid}` placeholder in the issuer, as Entra's do.
 */
export function discoveryRoutes(ctx: EmulatorContext): Route[] {
  const get = (pattern: string, handler: (x: Exchange) => Promise<void> | void): Route => ({
    method: "GET",
    pattern,
    area: "discovery",
    // Discovery requests name no client, so only rules not scoped to an app reach them.
    handler: async (x) => {
      if (await applyFaults(ctx, x, "discovery", undefined)) await handler(x);
    },
  });
  return [
    get("/common/discovery/instance", (x) => instanceDiscovery(ctx, x)),
    get("/:tenant/v2.0/.well-known/openid-configuration", (x) =>
      x.send(200, openidV2(ctx, tenantFor(ctx, x))),
    ),
    get("/:tenant/.well-known/openid-configuration", (x) =>
      x.send(200, openidV1(ctx, tenantFor(ctx, x))),
    ),
    get("/:tenant/discovery/v2.0/keys", async (x) => {
      const t = tenantFor(ctx, x);
      x.send(
        200,
        await ctx.keys.jwks(`${ctx.authorityHost}/${t === "common" ? "{tenantid}" : t}/v2.0`),
      );
    }),
    get("/:tenant/discovery/keys", async (x) => {
      tenantFor(ctx, x);
      x.send(200, await ctx.keys.jwks());
    }),
    get("/discovery/keys", async (x) => x.send(200, await ctx.keys.jwks())),
    get("/discovery/v2.0/keys", async (x) =>
      x.send(200, await ctx.keys.jwks(`${ctx.authorityHost}/{tenantid}/v2.0`)),
    ),
  ];
}

/** The tenant id for the path's tenant segment, or "common" for a multi-tenant authority; 90002 otherwise. */
function tenantFor(ctx: EmulatorContext, x: Exchange): string {
  const ref = resolveTenantSegment(ctx, x.params.tenant);
  if (ref.kind === "tenant") return ref.tenant.id;
  if (ref.kind === "reserved")
    return ref.name === "consumers" ? "9188040d-6c67-4c5b-b112-36a304b66dad" : "common";
  throw Sts.tenantNotFound(ref.name);
}

/** Our aliases: the host as clients address it, by IP or by name. */
export function hostAliases(ctx: EmulatorContext): string[] {
  const h = new URL(ctx.authorityHost);
  return [h.host, `localhost:${h.port}`];
}

/**
 * GET /common/discovery/instance?api-version=1.1&authorization_endpoint=...: vouches for an
 * authority host. Only the emulator's own host is known; anything else is AADSTS50049, as Entra
 * answers for hosts that are not Microsoft clouds.
 */
function instanceDiscovery(ctx: EmulatorContext, x: Exchange): void {
  const endpoint = x.url.searchParams.get("authorization_endpoint");
  if (!endpoint) throw Sts.missingParameter("authorization_endpoint");
  let u: URL;
  try {
    u = new URL(endpoint);
  } catch {
    throw Sts.unknownInstance();
  }
  const aliases = hostAliases(ctx);
  if (u.protocol !== "https:" || !aliases.includes(u.host.toLowerCase()))
    throw Sts.unknownInstance();
  const tenant = u.pathname.split("/").filter(Boolean)[0] ?? "common";
  x.send(200, {
    tenant_discovery_endpoint: `${ctx.authorityHost}/${tenant}/v2.0/.well-known/openid-configuration`,
    "api-version": "1.1",
    metadata: [{ preferred_network: aliases[0], preferred_cache: aliases[0], aliases }],
  });
}

function common(ctx: EmulatorContext) {
  return {
    token_endpoint_auth_methods_supported: [
      "client_secret_post",
      "private_key_jwt",
      "client_secret_basic",
    ],
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    tenant_region_scope: "WW",
    cloud_instance_name: "microsoftonline.com",
    cloud_graph_host_name: "graph.windows.net",
    // Graph is served by the emulator itself, at /v1.0 on this host.
    msgraph_host: new URL(ctx.authorityHost).host,
    rbac_url: "https://pas.windows.net",
  };
}

function openidV2(ctx: EmulatorContext, t: string) {
  const base = `${ctx.authorityHost}/${t}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    jwks_uri: `${base}/discovery/v2.0/keys`,
    issuer: `${ctx.authorityHost}/${t === "common" ? "{tenantid}" : t}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${ctx.authorityHost}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    kerberos_endpoint: `${base}/kerberos`,
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    claims_supported: [
      "sub",
      "iss",
      "cloud_instance_name",
      "cloud_instance_host_name",
      "cloud_graph_host_name",
      "msgraph_host",
      "aud",
      "exp",
      "iat",
      "auth_time",
      "acr",
      "nonce",
      "preferred_username",
      "name",
      "tid",
      "ver",
      "at_hash",
      "c_hash",
      "email",
    ],
    ...common(ctx),
  };
}

function openidV1(ctx: EmulatorContext, t: string) {
  const base = `${ctx.authorityHost}/${t}`;
  return {
    token_endpoint: `${base}/oauth2/token`,
    jwks_uri: `${ctx.authorityHost}/common/discovery/keys`,
    issuer: `https://sts.windows.net/${t === "common" ? "{tenantid}" : t}/`,
    microsoft_multi_refresh_token: true,
    authorization_endpoint: `${base}/oauth2/authorize`,
    device_authorization_endpoint: `${base}/oauth2/devicecode`,
    end_session_endpoint: `${base}/oauth2/logout`,
    check_session_iframe: `${base}/oauth2/checksession`,
    userinfo_endpoint: `${base}/openid/userinfo`,
    kerberos_endpoint: `${base}/kerberos`,
    response_types_supported: ["code", "id_token", "code id_token", "token id_token", "token"],
    scopes_supported: ["openid"],
    claims_supported: [
      "sub",
      "iss",
      "cloud_instance_name",
      "cloud_instance_host_name",
      "cloud_graph_host_name",
      "msgraph_host",
      "aud",
      "exp",
      "iat",
      "auth_time",
      "acr",
      "amr",
      "nonce",
      "email",
      "given_name",
      "family_name",
      "nickname",
    ],
    ...common(ctx),
  };
}
