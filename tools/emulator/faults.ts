import { z } from "zod";

/** Parts of the emulator a fault can hit. The `/_emulator` control path is never faulted. */
export type FaultArea = "token" | "discovery" | "graph";
export type FaultTarget = FaultArea | "any";
export type ReplicatedObject = "application" | "secret" | "certificate" | "roleAssignment";

/** Limits shared by every rule; without `count` and `forMs` a rule lasts until replaced. */
export interface FaultLimits {
  /** Only requests from this client: the token request's client_id, or the Graph caller's appid. */
  appId?: string;
  /** Affect at most this many requests, then expire. */
  count?: number;
  /** Expire this many milliseconds after the rule was set. */
  forMs?: number;
}

/**
 * What real tenants do to clients, on demand. `replicationDelay` makes objects younger than `ms`
 * invisible to the token endpoint, as Entra's replicas lag behind Graph writes: a new app answers
 * AADSTS700016, a new secret AADSTS7000215, a new certificate AADSTS700027, and a new app role
 * assignment is missing from `roles`. The others act on whole requests of the `target` area
 * (default `token`): added latency, 429 with Retry-After, 503, or a connection dropped unanswered.
 */
export type FaultRule =
  | (FaultLimits & { kind: "replicationDelay"; ms: number; objects?: ReplicatedObject[] })
  | (FaultLimits & { kind: "latency"; ms: number; target?: FaultTarget })
  | (FaultLimits & { kind: "throttle"; retryAfterSeconds?: number; target?: FaultTarget })
  | (FaultLimits & { kind: "unavailable"; retryAfterSeconds?: number; target?: FaultTarget })
  | (FaultLimits & { kind: "drop"; target?: FaultTarget });

const limits = {
  appId: z.string().min(1).optional(),
  count: z.number().int().positive().optional(),
  forMs: z.number().int().positive().optional(),
};
const target = z.enum(["token", "discovery", "graph", "any"]).optional();
const retryAfterSeconds = z.number().int().min(0).optional();
const ruleSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("replicationDelay"),
    ms: z.number().int().positive(),
    objects: z
      .array(z.enum(["application", "secret", "certificate", "roleAssignment"]))
      .min(1)
      .optional(),
    ...limits,
  }),
  z.strictObject({
    kind: z.literal("latency"),
    ms: z.number().int().positive(),
    target,
    ...limits,
  }),
  z.strictObject({ kind: z.literal("throttle"), retryAfterSeconds, target, ...limits }),
  z.strictObject({ kind: z.literal("unavailable"), retryAfterSeconds, target, ...limits }),
  z.strictObject({ kind: z.literal("drop"), target, ...limits }),
]);

/** Validates rules from JSON (the control path) with a message naming the bad field. */
export function parseFaultRules(input: unknown): FaultRule[] {
  const r = z.array(ruleSchema).safeParse(input);
  if (r.success) return r.data as FaultRule[];
  const issue = r.error.issues[0];
  throw new Error(`invalid fault rule at ${issue.path.join(".") || "(root)"}: ${issue.message}`);
}

export type Outcome =
  { kind: "throttle" | "unavailable"; retryAfterSeconds: number } | { kind: "drop" };

interface Active {
  rule: FaultRule;
  remaining: number;
  until: number;
}

export class Faults {
  private active: Active[] = [];

  constructor(rules: FaultRule[] = []) {
    this.set(rules);
  }

  /** Replaces every rule (validated; throws on a bad one and keeps the old rules). */
  set(rules: FaultRule[]): void {
    const valid = parseFaultRules(rules);
    const now = Date.now();
    this.active = valid.map((rule) => ({
      rule,
      remaining: rule.count ?? Infinity,
      until: rule.forMs ? now + rule.forMs : Infinity,
    }));
  }

  /** The rules still in force, with what is left of their limits. */
  list(): (FaultRule & { remainingCount?: number; remainingMs?: number })[] {
    const now = this.prune();
    return this.active.map((a) => ({
      ...a.rule,
      ...(Number.isFinite(a.remaining) ? { remainingCount: a.remaining } : {}),
      ...(Number.isFinite(a.until) ? { remainingMs: a.until - now } : {}),
    }));
  }

  /** Latency and outcome for one request; consumes `count` from the rules that apply. */
  forRequest(area: FaultArea, appId: string | undefined): { latencyMs: number; outcome?: Outcome } {
    this.prune();
    let latencyMs = 0;
    let outcome: Outcome | undefined;
    for (const a of this.active) {
      const r = a.rule;
      if (
        r.kind === "replicationDelay" ||
        !applies(a, appId) ||
        ((r.target ?? "token") !== area && r.target !== "any")
      )
        continue;
      if (r.kind === "latency") {
        latencyMs += r.ms;
        a.remaining--;
      } else if (!outcome) {
        outcome =
          r.kind === "drop"
            ? { kind: "drop" }
            : {
                kind: r.kind,
                retryAfterSeconds: r.retryAfterSeconds ?? (r.kind === "throttle" ? 5 : 0),
              };
        a.remaining--;
      }
    }
    return { latencyMs, outcome };
  }

  /**
   * A view for one token request by `appId`: `hides(object, createdAt)` says whether that object
   * has not "replicated" yet. Each rule counts at most once per request.
   */
  replication(appId: string): { hides(object: ReplicatedObject, createdAt: number): boolean } {
    const now = this.prune();
    const used = new Set<Active>();
    const rules = this.active.filter(
      (a) => a.rule.kind === "replicationDelay" && applies(a, appId),
    );
    return {
      hides: (object, createdAt) => {
        for (const a of rules) {
          const r = a.rule as Extract<FaultRule, { kind: "replicationDelay" }>;
          if (
            (r.objects ?? ["application", "secret", "certificate", "roleAssignment"]).includes(
              object,
            ) &&
            now - createdAt < r.ms &&
            (a.remaining > 0 || used.has(a))
          ) {
            if (!used.has(a)) {
              used.add(a);
              a.remaining--;
            }
            return true;
          }
        }
        return false;
      },
    };
  }

  private prune(): number {
    const now = Date.now();
    this.active = this.active.filter((a) => a.remaining > 0 && a.until > now);
    return now;
  }
}

function applies(a: Active, appId: string | undefined): boolean {
  if (a.remaining <= 0) return false;
  return (
    a.rule.appId === undefined ||
    (appId !== undefined && a.rule.appId.toLowerCase() === appId.toLowerCase())
  );
}
