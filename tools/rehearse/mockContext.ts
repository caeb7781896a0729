/**
 * What every emulator-backed resource mapping shares, and the small helpers they use to speak
 * both languages: Pulumi's mock arguments on one side, Graph JSON on the other.
 */
import * as pulumi from "@pulumi/pulumi";
import type { GraphClient, Json } from "./graphClient";
import type { Ledger } from "./ledger";

export interface MockContext {
  graph: GraphClient;
  ledger: Ledger;
  /** Runs `fn` alone for `key`, as the provider locks an application while it edits credentials. */
  exclusive<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** Counts inputs the emulator cannot rehearse (owners: it has no users). */
  notRehearsed(what: "owners", count: number): void;
}

export type MockResult = pulumi.runtime.MockResourceResult;
export type ResourceMapping = (
  args: pulumi.runtime.MockResourceArgs,
  ctx: MockContext,
) => Promise<MockResult>;

/** A program input the mapping has no Graph counterpart for: rehearsing it would be pretending. */
export class UnmappedInputError extends Error {
  constructor(type: string, name: string, keys: string[]) {
    super(
      `${type} "${name}": input(s) ${keys.join(", ")} have no mapping to Graph in the rehearsal`,
    );
    this.name = "UnmappedInputError";
  }
}

/** Fails on any input outside `known`, so a program change cannot pass unrehearsed. */
export function checkInputs(args: pulumi.runtime.MockResourceArgs, known: readonly string[]): void {
  const unknown = Object.keys(args.inputs ?? {}).filter(
    (k) => args.inputs[k] !== undefined && !known.includes(k),
  );
  if (unknown.length) throw new UnmappedInputError(args.type, args.name, unknown);
}

/** Drops undefined members, so Graph sees only what the program set. */
export function compact(o: Json): Json {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** The object id in an azuread resource id: `/applications/{id}` (or a bare object id). */
export function objectIdOf(resourceId: unknown, collection: "applications"): string {
  const text = String(resourceId ?? "");
  const m = new RegExp(`^(?:/${collection}/)?([0-9a-fA-F-]{36})$`).exec(text);
  if (!m) throw new Error(`expected /${collection}/{object id}, got ${JSON.stringify(text)}`);
  return m[1].toLowerCase();
}

/** RFC 3339 without fractional seconds, as the provider writes dates (Go's time.RFC3339). */
export function rfc3339(value: string | Date): string {
  const d = typeof value === "string" ? new Date(value) : value;
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Go's time.ParseDuration for what `endDateRelative` takes ("4320h", "2400h30m", "90m"). */
export function goDurationMs(text: string): number {
  const unit: Record<string, number> = {
    h: 3_600_000,
    m: 60_000,
    s: 1_000,
    ms: 1,
    us: 1e-3,
    µs: 1e-3,
    ns: 1e-6,
  };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)];
  if (!parts.length || parts.map((p) => p[0]).join("") !== text)
    throw new Error(`endDateRelative ${JSON.stringify(text)} is not a duration like "4320h"`);
  return parts.reduce((sum, p) => sum + Number(p[1]) * unit[p[2]], 0);
}

/**
 * Inputs with Pulumi's secret wrapper removed. Mocks receive a secret input (the provider marks
 * a certificate's `value` secret) as `{ [specialSigKey]: specialSecretSig, value }`, the wire form.
 */
export function unwrapSecrets(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(unwrapSecrets);
  if (typeof v !== "object" || v === null) return v;
  const o = v as Json;
  if (o[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig)
    return unwrapSecrets(o.value);
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, unwrapSecrets(x)]));
}

export function asArray<T = Json>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}
