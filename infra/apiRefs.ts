/**
 * What a `permissions[].api` value points at. Pure, shared by validation and the program.
 */
import { MSGRAPH_APP_ID } from "./msgraph";
import { GUID } from "./guid";

/** The alias for Microsoft Graph in `permissions[].api`. */
export const GRAPH_ALIAS = "microsoft-graph";

export type ApiTarget =
  /** Microsoft Graph, by alias or by its appId. */
  | { kind: "graph"; appId: string; key: string }
  /** An API registered by this stack (`onboarding:apis`). */
  | { kind: "own"; name: string; key: string }
  /** Another API already in the tenant, by appId; its service principal is looked up. */
  | { kind: "external"; appId: string; key: string };

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/**
 * Resolves a reference; undefined when it is neither the alias, a GUID nor one of `ownApis`.
 * `key` identifies the resource API (two references with the same key are the same API) and is
 * used in resource names, so the alias and Graph's appId name the same resources.
 */
export function resolveApiRef(ref: string, ownApis: ReadonlySet<string>): ApiTarget | undefined {
  if (ref === GRAPH_ALIAS) return { kind: "graph", appId: MSGRAPH_APP_ID, key: GRAPH_ALIAS };
  if (ownApis.has(ref)) return { kind: "own", name: ref, key: ref };
  if (isGuid(ref)) {
    const appId = ref.toLowerCase();
    if (appId === MSGRAPH_APP_ID) return { kind: "graph", appId, key: GRAPH_ALIAS };
    return { kind: "external", appId, key: appId };
  }
  return undefined;
}

/** How the target is named in messages. */
export function describeTarget(target: ApiTarget): string {
  switch (target.kind) {
    case "graph":
      return "Microsoft Graph";
    case "own":
      return `API ${target.name}`;
    case "external":
      return `the API with appId ${target.appId}`;
  }
}
