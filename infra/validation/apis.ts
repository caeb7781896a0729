/**
 * Cross-field rules for `onboarding:apis` that a schema cannot express.
 */
import { GRAPH_ALIAS, isGuid } from "../apiRefs";
import type { Entry } from "./entries";
import { formatPath, show, type ConfigIssue } from "./issues";
import type { ValidatedApi } from "./model";
import type { ApiConfig } from "./schema";

const KEY = "onboarding:apis";
/** Schemes Entra accepts in identifierUris. */
const URI_SCHEMES = new Set(["api:", "https:", "urn:"]);

export function checkApis(entries: readonly Entry<ApiConfig>[]): {
  issues: ConfigIssue[];
  validated: ValidatedApi[];
} {
  const issues: ConfigIssue[] = [];
  issues.push(
    ...duplicates(
      entries.map((e) => e.parts.name),
      (i) => formatPath(KEY, [i, "name"]),
      "API name",
      "Give each API a unique name.",
    ),
    ...duplicates(
      entries.map((e) => e.parts.identifierUri?.toLowerCase()),
      (i) => formatPath(KEY, [i, "identifierUri"]),
      "identifierUri",
      "Identifier URIs are unique in a tenant: give each API its own.",
    ),
  );
  entries.forEach(({ parts: api }, i) => {
    if (api.name !== undefined && (api.name === GRAPH_ALIAS || isGuid(api.name))) {
      issues.push({
        path: formatPath(KEY, [i, "name"]),
        message: `${show(api.name)} is reserved: permissions[].api reads it as ${api.name === GRAPH_ALIAS ? "Microsoft Graph" : "an appId"}.`,
        fix: "Choose another name, e.g. orders-api.",
      });
    }
    if (api.identifierUri !== undefined) {
      const problem = identifierUriProblem(api.identifierUri);
      if (problem) {
        issues.push({
          path: formatPath(KEY, [i, "identifierUri"]),
          message: problem,
          fix: "Use a URI such as api://contoso-orders-dev (or https:// on a verified domain of the tenant).",
        });
      }
    }
    issues.push(
      ...duplicates(
        (api.appRoles ?? []).map((r) => r.value),
        (k) => formatPath(KEY, [i, "appRoles", k, "value"]),
        "app role value",
        "Give each app role a unique value.",
      ),
      ...duplicates(
        api.owners ?? [],
        (k) => formatPath(KEY, [i, "owners", k]),
        "owner",
        "List each owner once.",
      ),
    );
  });
  const validated = entries.flatMap(({ value: a }) =>
    a
      ? [
          {
            name: a.name,
            displayName: a.displayName ?? a.name,
            description: a.description,
            identifierUri: a.identifierUri,
            owners: a.owners ?? [],
            appRoles: a.appRoles.map((r) => ({
              value: r.value,
              description: r.description,
              displayName: r.displayName ?? r.value,
            })),
          },
        ]
      : [],
  );
  return { issues, validated };
}

/** Why Entra (or the `<uri>/.default` scope built from it) would not accept this URI. */
export function identifierUriProblem(uri: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    return `${show(uri)} is not a URI.`;
  }
  if (!URI_SCHEMES.has(parsed.protocol)) {
    return `${show(uri)} uses ${parsed.protocol}; Entra takes api:, https: or urn: identifier URIs.`;
  }
  if (uri.includes("*")) return `${show(uri)} contains a wildcard, which Entra does not allow.`;
  if (parsed.search || parsed.hash)
    return `${show(uri)} has a query or fragment, which Entra does not allow.`;
  if (uri.endsWith("/"))
    return `${show(uri)} ends with "/", which would make the scope ${show(`${uri}/.default`)}.`;
  return undefined;
}

/**
 * One issue per repeat of a value, at the repeat's path, naming the first occurrence. Undefined
 * values (fields that failed the schema) are skipped.
 */
export function duplicates(
  values: readonly (string | undefined)[],
  pathOf: (index: number) => string,
  what: string,
  fix: string,
): ConfigIssue[] {
  const first = new Map<string, number>();
  const out: ConfigIssue[] = [];
  values.forEach((v, i) => {
    if (v === undefined) return;
    const seen = first.get(v);
    if (seen === undefined) first.set(v, i);
    else
      out.push({
        path: pathOf(i),
        message: `Duplicate ${what} ${show(v)} (first at ${pathOf(seen)}).`,
        fix,
      });
  });
  return out;
}
