import data from "./data/msgraph-permissions.json";

/** Microsoft Graph's well-known application (client) id, the same in every tenant and cloud. */
export const MSGRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

/**
 * Privilege tier of a Graph application permission, from the public azure-tiering project:
 * 0 = a known path to Global Administrator, 1 = sensitive, 2 = unprivileged, null = not tiered.
 */
export type GraphTier = 0 | 1 | 2 | null;

export interface GraphAppRole {
  value: string;
  id: string;
  tier: GraphTier;
}

type Row = [string, string, number | null];

/** The enabled application permissions (app roles) of Microsoft Graph, sorted by value. */
export const graphAppRoles: readonly GraphAppRole[] = (data.roles as Row[]).map(
  ([value, id, tier]) => ({
    value,
    id,
    tier: tier as GraphTier,
  }),
);

const byValue = new Map(graphAppRoles.map((r) => [r.value, r]));

/** Looks up an enabled Graph application permission by its value (case-sensitive, as Entra is). */
export function graphAppRole(value: string): GraphAppRole | undefined {
  return byValue.get(value);
}

/** Graph permissions that exist but are disabled, and ones Microsoft has removed: value -> id. */
export const graphDisabledRoles: ReadonlyMap<string, string> = new Map(
  data.disabled as [string, string][],
);
export const graphRemovedRoles: ReadonlyMap<string, string> = new Map(
  data.removed as [string, string][],
);
