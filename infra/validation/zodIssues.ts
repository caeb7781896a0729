/**
 * Turns zod's structural issues into ConfigIssues: the config path, the bad value, and a fix
 * written for the person editing Pulumi.<stack>.yaml rather than for a schema author.
 */
import type { z } from "zod";
import { formatPath, show, type ConfigIssue, type PathSegment } from "./issues";
import {
  allowedKeys,
  DEFAULT_FEDERATED_AUDIENCE,
  DEFAULT_LIFETIME_DAYS,
  MAX_LIFETIME_DAYS,
} from "./schema";
import { didYouMean } from "./suggest";

const LIFETIME_FIX = `Use a whole number of days from 1 to ${MAX_LIFETIME_DAYS} (default ${DEFAULT_LIFETIME_DAYS}).`;
const CREDENTIAL_FIX =
  "Set credential.type to secret, certificate or federated (see the README's Stack config section).";

/** The fix for a field, keyed by the field's name (the last named segment of the path). */
const FIXES: Record<string, string> = {
  entry: "Write each entry as a mapping (name: ..., ...); see the README's Stack config section.",
  name: "Use 1-64 letters, digits, '-' or '_', starting with a letter or digit.",
  displayName: "Use a display name of 1 to 256 characters.",
  description: "Use plain text.",
  identifierUri: "Use a URI such as api://contoso-orders-dev.",
  owners: "List the object ids (GUIDs) of the users or service principals that should own it.",
  appRoles:
    "Give the API at least one app role: { value: Orders.Read.All, description: Read all orders }.",
  value:
    "Use letters, digits and ! # $ % & ' ( ) * + , - . / : ; = ? @ [ ] ^ _ { } ~ only, no spaces, not starting with '.' (Entra's rule), e.g. Orders.Read.All.",
  credential: CREDENTIAL_FIX,
  type: CREDENTIAL_FIX,
  lifetimeDays: LIFETIME_FIX,
  generation: "Use a whole number from 1 up; increase it by one to rotate the secret.",
  certificatePem: "Paste the public certificate as PEM (-----BEGIN CERTIFICATE----- ...).",
  issuer:
    "Use the identity provider's https issuer URL, e.g. https://token.actions.githubusercontent.com.",
  subject:
    "Use the subject claim of the external token (at most 600 characters), e.g. repo:contoso/orders:environment:production.",
  audiences: `Use exactly one audience (Entra takes one per federated credential); leave it out for ${DEFAULT_FEDERATED_AUDIENCE}.`,
  permissions: "List { api, roles } entries.",
  api: "Use microsoft-graph, an appId GUID, or a name from onboarding:apis.",
  roles: "List one or more app role values, e.g. [User.Read.All].",
  allowPrivileged: "Set allowPrivileged.reason to why this app needs a tier-0 permission.",
  reason: "Say why this app needs a tier-0 permission.",
};

const TYPE_NAMES: Record<string, string> = {
  object: "a mapping (key: value)",
  array: "a list",
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
};

/** Every zod issue of one list element, as ConfigIssues rooted at `configKey` + `prefix`. */
export function fromZodIssues(
  configKey: string,
  prefix: readonly PathSegment[],
  input: unknown,
  issues: readonly z.core.$ZodIssue[],
): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of issues) {
    const rel = issue.path.filter((p): p is PathSegment => typeof p !== "symbol");
    if (issue.code === "unrecognized_keys") {
      const allowed = keysAllowedAt(configKey, rel, input);
      for (const key of issue.keys) {
        out.push({
          path: formatPath(configKey, [...prefix, ...rel, key]),
          message: `Unknown key ${show(key)}.${didYouMean(key, allowed)}`,
          fix: `Remove or rename it; this entry accepts: ${allowed.join(", ")}.`,
        });
      }
      continue;
    }
    const value = valueAt(input, rel);
    out.push({
      path: formatPath(configKey, [...prefix, ...rel]),
      message: describe(issue, value, fieldOf(rel)),
      fix: FIXES[fieldOf(rel)] ?? "See the README's Stack config section.",
    });
  }
  return out;
}

function describe(issue: z.core.$ZodIssue, value: unknown, field: string): string {
  switch (issue.code) {
    case "invalid_type":
      if (value === undefined) return `${field} is required.`;
      return `Expected ${TYPE_NAMES[issue.expected] ?? issue.expected}, got ${kindOf(value)} ${show(value)}.`;
    case "too_small":
      if (issue.origin === "number")
        return `${show(value)} is below the minimum of ${issue.minimum}.`;
      return "Must not be empty.";
    case "too_big":
      if (issue.origin === "number")
        return `${show(value)} is above the maximum of ${issue.maximum}.`;
      if (issue.origin === "array")
        return `Has ${(value as unknown[]).length} entries; at most ${issue.maximum} allowed.`;
      return `Is ${String(value).length} characters long; at most ${issue.maximum} allowed.`;
    case "invalid_format":
      if (issue.format === "guid") return `${show(value)} is not a GUID.`;
      if (issue.format === "url") return `${show(value)} is not an https URL.`;
      if (issue.pattern === String(/\S/)) return "Must not be blank.";
      return `${show(value)} is not a valid ${field}.`;
    case "invalid_union":
      if (value === undefined) return `${field} is required.`;
      return `${show(value)} is not a credential type.`;
    default:
      return `${issue.message}.`;
  }
}

/** The keys accepted by the object at `rel` inside one list element of `configKey`. */
function keysAllowedAt(
  configKey: string,
  rel: readonly PathSegment[],
  input: unknown,
): readonly string[] {
  const where = rel.filter((s) => typeof s === "string").join(".");
  if (configKey.endsWith(":apis"))
    return where === "appRoles" ? allowedKeys.appRole : allowedKeys.api;
  switch (where) {
    case "permissions":
      return allowedKeys.permission;
    case "allowPrivileged":
      return allowedKeys.allowPrivileged;
    case "credential": {
      const type = valueAt(input, [...rel, "type"]);
      if (type === "secret" || type === "certificate" || type === "federated")
        return allowedKeys[type];
      return ["type"];
    }
    default:
      return allowedKeys.app;
  }
}

function fieldOf(rel: readonly PathSegment[]): string {
  for (let i = rel.length - 1; i >= 0; i--) if (typeof rel[i] === "string") return rel[i] as string;
  return "entry";
}

export function valueAt(input: unknown, path: readonly PathSegment[]): unknown {
  let v = input;
  for (const seg of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PathSegment, unknown>)[seg];
  }
  return v;
}

function kindOf(v: unknown): string {
  if (Array.isArray(v)) return "a list";
  if (v === null) return "null";
  if (typeof v === "object") return "a mapping";
  return `a ${typeof v}`;
}
