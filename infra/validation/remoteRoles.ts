/**
 * The deploy-time half of role validation: requested roles of external APIs (and Graph, whose
 * live roles are authoritative) against the resource service principals looked up in the tenant.
 * Pure, so it is tested without mocks; lookups.ts feeds it.
 */
import { describeTarget } from "../apiRefs";
import { formatPath, type ConfigIssue } from "./issues";
import type { ValidatedConfig } from "./model";
import { unknownRoleProblem } from "./roles";

/** What the program needs from `azuread.getServicePrincipal` for one resource API. */
export interface ResourceServicePrincipal {
  appId: string;
  objectId: string;
  /** App role value -> app role id, as the provider returns it. */
  appRoleIds: Readonly<Record<string, string>>;
  /** Present when the lookup returned full app roles; used to explain disabled and user-only roles. */
  appRoles?: readonly { value: string; enabled: boolean; allowedMemberTypes: readonly string[] }[];
}

export type LookupOutcome =
  { ok: true; sp: ResourceServicePrincipal } | { ok: false; error: string };

/** Every problem at once: one per failed lookup, one per role the resource does not offer to apps. */
export function checkRemoteRoles(
  config: ValidatedConfig,
  lookups: ReadonlyMap<string, LookupOutcome>,
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const failedUses = new Map<string, string[]>();
  config.apps.forEach((app, i) => {
    app.permissions.forEach((perm, j) => {
      if (perm.target.kind === "own") return;
      const appId = perm.target.appId;
      const outcome = lookups.get(appId);
      if (!outcome || !outcome.ok) {
        const uses = failedUses.get(appId) ?? [];
        uses.push(formatPath("onboarding:apps", [i, "permissions", j, "api"]));
        failedUses.set(appId, uses);
        return;
      }
      const label = describeTarget(perm.target);
      perm.roles.forEach((role, k) => {
        const path = formatPath("onboarding:apps", [i, "permissions", j, "roles", k]);
        const problem = remoteRoleProblem(role, label, outcome.sp);
        if (problem) issues.push({ path, ...problem });
      });
    });
  });
  for (const [appId, uses] of failedUses) {
    const outcome = lookups.get(appId);
    const error = outcome && !outcome.ok ? firstLine(outcome.error) : "";
    const why = error ? ` (${error})` : "";
    const more = uses.length > 1 ? ` Also used at ${uses.length - 1} other place(s).` : "";
    issues.push({
      path: uses[0],
      message: `No service principal for appId ${appId} could be read in this tenant${why}.${more}`,
      fix: `Check the appId; if it is right, create the API's service principal in this tenant (az ad sp create --id ${appId}) and make sure the deploying identity can read service principals.`,
    });
  }
  return issues;
}

function remoteRoleProblem(role: string, label: string, sp: ResourceServicePrincipal) {
  const detail = sp.appRoles?.find((r) => r.value === role);
  if (detail && !detail.enabled) {
    return {
      message: `${role} is a disabled app role of ${label}; it cannot be granted.`,
      fix: "Remove it, or ask the API's owner to enable it.",
    };
  }
  if (detail && !detail.allowedMemberTypes.includes("Application")) {
    return {
      message: `${role} is an app role of ${label} for users and groups only; it cannot be granted to an app.`,
      fix: "Use an app role whose allowed member types include applications.",
    };
  }
  if (Object.prototype.hasOwnProperty.call(sp.appRoleIds, role)) return undefined;
  return unknownRoleProblem(
    role,
    `${label} in this tenant`,
    Object.keys(sp.appRoleIds),
    "Use an app role value the API's service principal offers (exact case).",
  );
}

function firstLine(text: string): string {
  const line = text.split("\n")[0].trim();
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}
