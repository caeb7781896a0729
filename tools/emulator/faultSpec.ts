import type { FaultRule, FaultTarget, ReplicatedObject } from "./faults";
import { parseFaultRules } from "./faults";

const KINDS: Record<string, FaultRule["kind"]> = {
  replication: "replicationDelay",
  replicationdelay: "replicationDelay",
  latency: "latency",
  throttle: "throttle",
  "429": "throttle",
  unavailable: "unavailable",
  "503": "unavailable",
  drop: "drop",
};

/**
 * Parses one `--fault` value, e.g. `429:retry-after=2,count=1` or
 * `replication:ms=30s,objects=secret+roleAssignment,app=<guid>`. Throws with the spec quoted.
 */
export function parseFaultSpec(spec: string): FaultRule {
  const [head, ...restParts] = spec.split(":");
  const kind = KINDS[head.trim().toLowerCase()];
  if (!kind)
    throw new Error(
      `--fault "${spec}": unknown kind '${head}' (use replication, latency, throttle, unavailable or drop)`,
    );
  const rule: Record<string, unknown> = { kind };
  const rest = restParts.join(":");
  for (const pair of rest ? rest.split(",") : []) {
    const eq = pair.indexOf("=");
    if (eq < 1) throw new Error(`--fault "${spec}": expected key=value, got '${pair}'`);
    const key = pair.slice(0, eq).trim().toLowerCase();
    const value = pair.slice(eq + 1).trim();
    switch (key) {
      case "app":
        rule.appId = value;
        break;
      case "count":
        rule.count = integer(spec, key, value);
        break;
      case "for":
        rule.forMs = duration(spec, key, value);
        break;
      case "ms":
        rule.ms = duration(spec, key, value);
        break;
      case "retry-after":
        rule.retryAfterSeconds = integer(spec, key, value);
        break;
      case "target":
        rule.target = value as FaultTarget;
        break;
      case "objects":
        rule.objects = value.split("+") as ReplicatedObject[];
        break;
      default:
        throw new Error(`--fault "${spec}": unknown key '${key}'`);
    }
  }
  try {
    return parseFaultRules([rule])[0];
  } catch (e) {
    throw new Error(
      `--fault "${spec}": ${(e as Error).message.replace(/^invalid fault rule at 0\.?/, "").trim()}`,
    );
  }
}

function integer(spec: string, key: string, value: string): number {
  if (!/^\d+$/.test(value))
    throw new Error(`--fault "${spec}": ${key} must be a whole number, got '${value}'`);
  return Number(value);
}

/** `250`, `250ms`, `30s`, `2m` -> milliseconds. */
export function duration(spec: string, key: string, value: string): number {
  const m = /^(\d+)(ms|s|m)?$/.exec(value);
  if (!m)
    throw new Error(
      `--fault "${spec}": ${key} must be a duration like 250ms, 30s or 2m, got '${value}'`,
    );
  const n = Number(m[1]);
  return m[2] === "s" ? n * 1000 : m[2] === "m" ? n * 60_000 : n;
}
