/**
 * Parses one list entry against its schema. When the entry as a whole fails, its fields are
 * parsed one by one so the cross-field checks can still run on the parts that are fine: a bad
 * lifetimeDays must not hide a misspelt role in the same app (every error is reported at once).
 */
import type { z } from "zod";
import type { ConfigIssue } from "./issues";
import { fromZodIssues } from "./zodIssues";

export interface Entry<T> {
  /** The whole entry, when it passed the schema. */
  value?: T;
  /** Each field that passed the schema on its own (all of them when `value` is set). */
  parts: Partial<T>;
  /** The entry as written. */
  raw: unknown;
}

type StrictObject = z.ZodObject<z.ZodRawShape>;

export function parseEntry<S extends StrictObject>(
  schema: S,
  configKey: string,
  index: number,
  raw: unknown,
  issues: ConfigIssue[],
): Entry<z.infer<S>> {
  const result = schema.safeParse(raw);
  if (result.success) return { value: result.data, parts: result.data, raw };
  issues.push(...fromZodIssues(configKey, [index], raw, result.error.issues));
  return { parts: salvage(schema, raw), raw };
}

function salvage<S extends StrictObject>(schema: S, raw: unknown): Partial<z.infer<S>> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return {};
  const parts: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const r = (field as z.ZodType).safeParse((raw as Record<string, unknown>)[key]);
    if (r.success && r.data !== undefined) parts[key] = r.data;
  }
  return parts as Partial<z.infer<S>>;
}

/** Whether the entry as written has `key`, whatever its value. */
export function hasKey(raw: unknown, key: string): boolean {
  return typeof raw === "object" && raw !== null && Object.prototype.hasOwnProperty.call(raw, key);
}
