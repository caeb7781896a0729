/**
 * Reads the service principals of external resource APIs (Microsoft Graph, any appId) from the
 * tenant: one `getServicePrincipal` per distinct API, however many apps use it, all in parallel.
 * Failures become outcomes, not exceptions, so every problem is reported together.
 */
import * as azuread from "@pulumi/azuread";
import type { ValidatedConfig } from "./validation/model";
import type { LookupOutcome } from "./validation/remoteRoles";

/** The appIds of every external API the config grants roles of, each once. */
export function externalApiIds(config: ValidatedConfig): string[] {
  const ids = new Set<string>();
  for (const app of config.apps) {
    for (const perm of app.permissions) if (perm.target.kind !== "own") ids.add(perm.target.appId);
  }
  return [...ids];
}

export async function lookupServicePrincipals(
  appIds: readonly string[],
): Promise<Map<string, LookupOutcome>> {
  const outcomes = await Promise.all(
    appIds.map(async (appId) => [appId, await lookupOne(appId)] as const),
  );
  return new Map(outcomes);
}

async function lookupOne(appId: string): Promise<LookupOutcome> {
  try {
    const sp = await azuread.getServicePrincipal({ clientId: appId });
    return {
      ok: true,
      sp: {
        appId,
        objectId: sp.objectId,
        appRoleIds: sp.appRoleIds ?? {},
        appRoles: sp.appRoles?.map((r) => ({
          value: r.value,
          enabled: r.enabled,
          allowedMemberTypes: r.allowedMemberTypes ?? [],
        })),
      },
    };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
