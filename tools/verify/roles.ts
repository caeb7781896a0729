/** Role comparison: what is missing from the token and what it carries beyond the grant. */
export interface RoleDiff {
  missing: string[];
  extra: string[];
}

export function diffRoles(expected: readonly string[], granted: readonly string[]): RoleDiff {
  const want = new Set(expected);
  const have = new Set(granted);
  return {
    missing: [...want].filter((r) => !have.has(r)).sort(),
    extra: [...have].filter((r) => !want.has(r)).sort(),
  };
}

/** Reads the `roles` claim: absent (Entra omits it when nothing is assigned) means none. */
export function rolesClaim(claims: Record<string, unknown>): string[] {
  const roles = claims.roles;
  if (!Array.isArray(roles)) return [];
  return roles.filter((r): r is string => typeof r === "string").sort();
}
