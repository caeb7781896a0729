/**
 * Whether requested role values exist on their resource API: Microsoft Graph offline (from the
 * project's data file), this stack's own APIs from their config, and, at deploy time, any API from
 * its service principal's appRoleIds (remoteRoles.ts).
 */
import { graphAppRole, graphAppRoles, graphDisabledRoles, graphRemovedRoles } from "../msgraph";
import { didYouMean } from "./suggest";

export interface RoleProblem {
  message: string;
  fix: string;
}

const graphValues = graphAppRoles.map((r) => r.value);

/** A Graph application permission that cannot be granted as written; undefined if it can. */
export function graphRoleProblem(role: string, allowPrivileged: boolean): RoleProblem | undefined {
  const known = graphAppRole(role);
  if (known) {
    if (known.tier === 0 && !allowPrivileged) {
      return {
        message: `${role} is a tier-0 Microsoft Graph permission: it is a known path to Global Administrator.`,
        fix: "Choose a less privileged permission, or add allowPrivileged.reason to this app saying why it needs it.",
      };
    }
    return undefined;
  }
  if (graphDisabledRoles.has(role)) {
    return {
      message: `${role} is a disabled Microsoft Graph permission: it exists but Microsoft has turned it off, so it cannot be granted.`,
      fix: "Remove it; use a permission that is enabled (see the Microsoft Graph permissions reference).",
    };
  }
  if (graphRemovedRoles.has(role)) {
    return {
      message: `${role} was removed from Microsoft Graph and can no longer be granted.`,
      fix: "Remove it; the Microsoft Graph permissions reference names its replacement, if any.",
    };
  }
  return {
    message: `${JSON.stringify(role)} is not an application permission of Microsoft Graph.${didYouMean(role, graphValues)}`,
    fix: "Use the exact value of a Graph application permission (case matters); delegated-only scopes such as User.Read cannot be granted to a daemon app.",
  };
}

/** A role missing from a resource API's roles, with the nearest names. */
export function unknownRoleProblem(
  role: string,
  apiLabel: string,
  available: readonly string[],
  fix: string,
): RoleProblem {
  return {
    message: `${JSON.stringify(role)} is not an app role of ${apiLabel}.${didYouMean(role, available)}`,
    fix,
  };
}
