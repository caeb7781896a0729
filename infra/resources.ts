/**
 * Declares the components for a validated config whose external APIs have been looked up:
 * a ProtectedApi per API, then a DaemonApp per app with every grant resolved to ids.
 */
import type { ApiTarget } from "./apiRefs";
import type { Cloud } from "./clouds";
import { DaemonApp, type ResourceGrant } from "./components/daemonApp";
import { ProtectedApi } from "./components/protectedApi";
import type { Lifted } from "./lifted";
import type { AppOutput } from "./outputs";
import type { ValidatedConfig, ValidatedPermission } from "./validation/model";
import type { ResourceServicePrincipal } from "./validation/remoteRoles";

/** @param servicePrincipals resource service principals of external APIs, by appId. */
export function declareResources(
  config: ValidatedConfig,
  servicePrincipals: ReadonlyMap<string, ResourceServicePrincipal>,
): Record<string, Lifted<AppOutput>> {
  const apis = new Map<string, ProtectedApi>();
  for (const api of config.apis) {
    apis.set(
      api.name,
      new ProtectedApi(api.name, {
        displayName: api.displayName,
        description: api.description,
        identifierUri: api.identifierUri,
        owners: api.owners.length ? api.owners : undefined,
        appRoles: api.appRoles,
      }),
    );
  }
  const apps: Record<string, Lifted<AppOutput>> = {};
  for (const app of config.apps) {
    const daemon = new DaemonApp(app.name, {
      displayName: app.displayName,
      description: app.description,
      owners: app.owners.length ? app.owners : undefined,
      credential: app.credential,
      grants: app.permissions.map((p) =>
        resolveGrant(p, { apis, servicePrincipals, cloud: config.cloud }),
      ),
    });
    apps[app.name] = {
      clientId: daemon.clientId,
      servicePrincipalObjectId: daemon.servicePrincipalObjectId,
      credential: daemon.credential,
      grants: daemon.grants,
    };
  }
  return apps;
}

interface Resolved {
  apis: ReadonlyMap<string, ProtectedApi>;
  servicePrincipals: ReadonlyMap<string, ResourceServicePrincipal>;
  cloud: Cloud;
}

function resolveGrant(perm: ValidatedPermission, ctx: Resolved): ResourceGrant {
  const resource = resourceOf(perm.target, ctx);
  const roles = [...perm.roles].sort().map((value) => ({ value, id: resource.roleIds[value] }));
  return { api: perm.api, key: perm.target.key, ...resource, roles };
}

function resourceOf(target: ApiTarget, ctx: Resolved) {
  if (target.kind === "own") {
    const api = ctx.apis.get(target.name)!;
    return {
      resourceAppId: api.clientId,
      resourceObjectId: api.servicePrincipalObjectId,
      scope: api.scope,
      roleIds: api.appRoleIds,
    };
  }
  // Validation has already failed the run for any API whose lookup failed.
  const sp = ctx.servicePrincipals.get(target.appId)!;
  return {
    resourceAppId: target.appId,
    resourceObjectId: sp.objectId,
    scope:
      target.kind === "graph" ? `${ctx.cloud.graphResource}/.default` : `${target.appId}/.default`,
    roleIds: sp.appRoleIds,
  };
}
