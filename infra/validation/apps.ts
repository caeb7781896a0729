/**
 * Cross-field rules for `onboarding:apps`: references to APIs, role values, privilege tiers,
 * certificates. Each problem is reported at its own path; nothing stops at the first.
 */
import { GRAPH_ALIAS, resolveApiRef, type ApiTarget } from "../apiRefs";
import { duplicates } from "./apis";
import { checkCertificatePem } from "./certificate";
import { hasKey, type Entry } from "./entries";
import { formatPath, show, type ConfigIssue, type PathSegment } from "./issues";
import type { ValidatedApp, ValidatedCredential, ValidatedPermission } from "./model";
import { graphRoleProblem, unknownRoleProblem, type RoleProblem } from "./roles";
import type { AppConfig } from "./schema";
import { didYouMean } from "./suggest";
import { valueAt } from "./zodIssues";

const KEY = "onboarding:apps";

/** What apps need to know about this stack's APIs, taken from the entries as written. */
export interface OwnApi {
  index: number;
  /** Role values as written; undefined when appRoles is not even a list. */
  roleValues?: string[];
}

export interface AppsContext {
  ownApis: ReadonlyMap<string, OwnApi>;
  now: Date;
}

type At = (...rest: PathSegment[]) => string;

export function checkApps(
  entries: readonly Entry<AppConfig>[],
  ctx: AppsContext,
): { issues: ConfigIssue[]; validated: ValidatedApp[] } {
  const issues: ConfigIssue[] = [];
  issues.push(
    ...duplicates(
      entries.map((e) => e.parts.name),
      (i) => formatPath(KEY, [i, "name"]),
      "app name",
      "Give each app a unique name.",
    ),
  );
  const validated: ValidatedApp[] = [];
  entries.forEach(({ parts, value, raw }, i) => {
    const at: At = (...rest) => formatPath(KEY, [i, ...rest]);
    issues.push(
      ...duplicates(parts.owners ?? [], (k) => at("owners", k), "owner", "List each owner once."),
    );
    const credential = checkCredential(
      parts.credential,
      valueAt(raw, ["credential"]),
      at,
      ctx.now,
      issues,
    );
    // An allowPrivileged that failed the schema has its own issue; do not add a tier-0 one too.
    const privileged = parts.allowPrivileged !== undefined || hasKey(raw, "allowPrivileged");
    const permissions = checkPermissions(loosePermissions(raw), privileged, at, ctx, issues);
    if (value && credential) {
      validated.push({
        name: value.name,
        displayName: value.displayName ?? value.name,
        description: value.description,
        owners: value.owners ?? [],
        credential,
        permissions,
      });
    }
  });
  return { issues, validated };
}

/**
 * The credential, with the certificate checked. A certificate is checked even when another field
 * of the credential is wrong (its problems are independent), but only a fully valid credential
 * is returned.
 */
function checkCredential(
  parsed: AppConfig["credential"] | undefined,
  raw: unknown,
  at: At,
  now: Date,
  issues: ConfigIssue[],
): ValidatedCredential | undefined {
  if (parsed && parsed.type !== "certificate") return parsed;
  const pem = valueAt(raw, ["certificatePem"]);
  if (valueAt(raw, ["type"]) !== "certificate" || typeof pem !== "string" || !/\S/.test(pem))
    return undefined;
  const check = checkCertificatePem(pem, parsed?.lifetimeDays, now);
  if (!check.ok) {
    issues.push({ path: at("credential", "certificatePem"), ...check.problem });
    return undefined;
  }
  if (!parsed || !check.details) return undefined;
  return { type: "certificate", lifetimeDays: parsed.lifetimeDays, certificate: check.details };
}

/** A permission as written: what is a usable string, with the positions kept for paths. */
interface LoosePermission {
  api?: string;
  roles: (string | undefined)[];
}

/** Read from the entry as written, so one malformed permission does not hide the others' problems. */
function loosePermissions(raw: unknown): (LoosePermission | undefined)[] {
  const list = valueAt(raw, ["permissions"]);
  if (!Array.isArray(list)) return [];
  const text = (v: unknown) => (typeof v === "string" && /\S/.test(v) ? v : undefined);
  return list.map((p) => {
    if (typeof p !== "object" || p === null) return undefined;
    const roles = valueAt(p, ["roles"]);
    return { api: text(valueAt(p, ["api"])), roles: Array.isArray(roles) ? roles.map(text) : [] };
  });
}

function checkPermissions(
  permissions: readonly (LoosePermission | undefined)[],
  privileged: boolean,
  at: At,
  ctx: AppsContext,
  issues: ConfigIssue[],
): ValidatedPermission[] {
  const out: ValidatedPermission[] = [];
  const firstByKey = new Map<string, number>();
  const apiNames = new Set(ctx.ownApis.keys());
  permissions.forEach((perm, j) => {
    if (!perm) return;
    issues.push(
      ...duplicates(
        perm.roles,
        (k) => at("permissions", j, "roles", k),
        "role",
        "List each role once.",
      ),
    );
    if (perm.api === undefined) return;
    const target = resolveApiRef(perm.api, apiNames);
    if (!target) {
      const names = [...apiNames];
      issues.push({
        path: at("permissions", j, "api"),
        message: `Unknown API ${show(perm.api)}.${didYouMean(perm.api, [GRAPH_ALIAS, ...names])}`,
        fix: `Use ${GRAPH_ALIAS}, an appId GUID, or a name from onboarding:apis${names.length ? ` (${names.join(", ")})` : " (none defined)"}.`,
      });
      return;
    }
    const seen = firstByKey.get(target.key);
    if (seen !== undefined) {
      issues.push({
        path: at("permissions", j, "api"),
        message: `${show(perm.api)} is the same API as permissions[${seen}] (${show(permissions[seen]?.api)}).`,
        fix: "Merge the two entries' roles into one entry.",
      });
      return;
    }
    firstByKey.set(target.key, j);
    const roles: string[] = [];
    perm.roles.forEach((role, k) => {
      if (role === undefined) return;
      roles.push(role);
      const problem = roleProblem(role, target, privileged, ctx);
      if (problem) issues.push({ path: at("permissions", j, "roles", k), ...problem });
    });
    out.push({ api: perm.api, target, roles: [...new Set(roles)] });
  });
  return out;
}

function roleProblem(
  role: string,
  target: ApiTarget,
  privileged: boolean,
  ctx: AppsContext,
): RoleProblem | undefined {
  switch (target.kind) {
    case "graph":
      return graphRoleProblem(role, privileged);
    case "own": {
      const api = ctx.ownApis.get(target.name);
      if (!api?.roleValues || api.roleValues.includes(role)) return undefined;
      return unknownRoleProblem(
        role,
        target.name,
        api.roleValues,
        `Use one of ${api.roleValues.join(", ")}, or add it to onboarding:apis[${api.index}].appRoles.`,
      );
    }
    case "external":
      // Checked at deploy time against the service principal's appRoleIds (remoteRoles.ts).
      return undefined;
  }
}
