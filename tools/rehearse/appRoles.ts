/**
 * App roles between the two vocabularies: the azuread provider's (`enabled`, `appRoleIds`) and
 * Graph's (`isEnabled`), and as the ledger records them.
 */
import type { Json } from "./graphClient";
import type { AppRoleRecord } from "./ledger";
import { compact } from "./mockContext";

/** Provider app role (`enabled`) -> Graph app role (`isEnabled`). */
export function toGraphAppRole(r: Json): Json {
  return compact({
    id: r.id,
    value: r.value,
    displayName: r.displayName,
    description: r.description,
    allowedMemberTypes: r.allowedMemberTypes,
    isEnabled: r.enabled ?? true,
  });
}

/** Graph app role -> the provider's output shape. */
export function toProviderAppRole(r: Json): Json {
  return {
    id: r.id,
    value: r.value,
    displayName: r.displayName,
    description: r.description,
    allowedMemberTypes: r.allowedMemberTypes,
    enabled: r.isEnabled,
  };
}

/** value -> id for roles that have a value, as the provider's `appRoleIds`. */
export function roleIds(roles: Json[]): Record<string, string> {
  return Object.fromEntries(roles.filter((r) => r.value).map((r) => [r.value, r.id]));
}

export function roleRecords(roles: Json[]): AppRoleRecord[] {
  return roles.map((r) => ({ id: String(r.id), value: String(r.value ?? "") }));
}
