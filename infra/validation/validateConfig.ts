/**
 * Validates a whole stack config, offline and without Pulumi: the program runs it before declaring
 * anything, and the CLI can run it on Pulumi.<stack>.yaml and print the same issues (exit 2).
 */
import { cloudByName, cloudNames } from "../clouds";
import { checkApis } from "./apis";
import { checkApps, type OwnApi } from "./apps";
import { parseEntry } from "./entries";
import { show, type ConfigIssue } from "./issues";
import type { ValidatedConfig } from "./model";
import { apiSchema, appSchema } from "./schema";
import { didYouMean } from "./suggest";

/** The config keys this project reads. */
export const CONFIG_KEYS = {
  tenantId: "azuread:tenantId",
  environment: "azuread:environment",
  apis: "onboarding:apis",
  apps: "onboarding:apps",
} as const;

export type ValidationResult =
  { ok: true; config: ValidatedConfig } | { ok: false; issues: ConfigIssue[] };

export interface ValidateOptions {
  /** "Now" for certificate expiry; a parameter so tests and rehearsals are reproducible. */
  now?: Date;
}

/**
 * `config` maps full keys (`onboarding:apps`) to values: either parsed YAML, as in the `config:`
 * block of Pulumi.<stack>.yaml, or the JSON strings the Pulumi engine hands the program.
 * Reports every problem at once.
 */
export function validateStackConfig(
  config: Readonly<Record<string, unknown>>,
  options: ValidateOptions = {},
): ValidationResult {
  const issues: ConfigIssue[] = [];
  const now = options.now ?? new Date();
  issues.push(...unknownProjectKeys(Object.keys(config)));
  const tenantId = checkTenant(config[CONFIG_KEYS.tenantId], issues);
  const cloud = checkCloud(config[CONFIG_KEYS.environment], issues);

  const rawApis = readList(CONFIG_KEYS.apis, config[CONFIG_KEYS.apis], issues);
  const rawApps = readList(CONFIG_KEYS.apps, config[CONFIG_KEYS.apps], issues);
  const apis = rawApis.map((raw, i) => parseEntry(apiSchema, CONFIG_KEYS.apis, i, raw, issues));
  const apps = rawApps.map((raw, i) => parseEntry(appSchema, CONFIG_KEYS.apps, i, raw, issues));

  const checkedApis = checkApis(apis);
  const checkedApps = checkApps(apps, { ownApis: ownApis(rawApis), now });
  issues.push(...checkedApis.issues, ...checkedApps.issues);

  if (issues.length > 0 || tenantId === undefined || cloud === undefined)
    return { ok: false, issues: issues.sort(byPath) };
  return {
    ok: true,
    config: { tenantId, cloud, apis: checkedApis.validated, apps: checkedApps.validated },
  };
}

function unknownProjectKeys(keys: readonly string[]): ConfigIssue[] {
  const known = [CONFIG_KEYS.apis, CONFIG_KEYS.apps];
  return keys
    .filter((k) => k.startsWith("onboarding:") && !(known as readonly string[]).includes(k))
    .map((k) => ({
      path: k,
      message: `Unknown config key.${didYouMean(k, known)}`,
      fix: `This project reads ${known.join(" and ")} only; rename it or remove it (pulumi config rm ${k}).`,
    }));
}

function checkTenant(value: unknown, issues: ConfigIssue[]): string | undefined {
  const path = CONFIG_KEYS.tenantId;
  const fix = "Set the directory (tenant) id: pulumi config set azuread:tenantId <tenant GUID>.";
  if (value === undefined || value === "") {
    issues.push({ path, message: "Is not set.", fix });
    return undefined;
  }
  if (
    typeof value !== "string" ||
    !/^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$/.test(value)
  ) {
    issues.push({ path, message: `${show(value)} is not a GUID.`, fix });
    return undefined;
  }
  return value.toLowerCase();
}

function checkCloud(value: unknown, issues: ConfigIssue[]) {
  const cloud = typeof value === "string" || value === undefined ? cloudByName(value) : undefined;
  if (!cloud) {
    issues.push({
      path: CONFIG_KEYS.environment,
      message: `Unknown environment ${show(value)}.${typeof value === "string" ? didYouMean(value, cloudNames) : ""}`,
      fix: `Use one of ${cloudNames.join(", ")}, or leave it unset for the public cloud.`,
    });
  }
  return cloud;
}

/** The list under `key`: absent means none; a string is the JSON the engine passes. */
function readList(key: string, value: unknown, issues: ConfigIssue[]): unknown[] {
  if (value === undefined || value === null) return [];
  let parsed = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch {
      parsed = value;
    }
  }
  if (Array.isArray(parsed)) return parsed;
  issues.push({
    path: key,
    message: `Expected a list, got ${typeof parsed === "object" ? "a mapping" : show(parsed)}.`,
    fix: `Write ${key} as a YAML list in Pulumi.<stack>.yaml, one "- name: ..." entry per item.`,
  });
  return [];
}

/**
 * This stack's APIs as written, even entries with errors of their own, so apps referring to them
 * get no "unknown API" on top (the first of duplicate names wins).
 */
function ownApis(rawApis: readonly unknown[]): Map<string, OwnApi> {
  const out = new Map<string, OwnApi>();
  rawApis.forEach((raw, index) => {
    if (!isRecord(raw) || typeof raw.name !== "string" || out.has(raw.name)) return;
    const roles = raw.appRoles;
    const roleValues = Array.isArray(roles)
      ? roles.flatMap((r) => (isRecord(r) && typeof r.value === "string" ? [r.value] : []))
      : undefined;
    out.set(raw.name, { index, roleValues });
  });
  return out;
}

/** Config order: by key, then by position, numbers compared as numbers (apps[2] before apps[10]). */
function byPath(a: ConfigIssue, b: ConfigIssue): number {
  const ta = a.path.split(/(\d+)/);
  const tb = b.path.split(/(\d+)/);
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    if (ta[i] === tb[i]) continue;
    return i % 2 === 1 ? Number(ta[i]) - Number(tb[i]) : ta[i] < tb[i] ? -1 : 1;
  }
  return ta.length - tb.length;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
