import type { Failure } from "./failure";

export interface RetryPolicy {
  /** Give up retrying once this much time has passed since the app's first attempt. */
  deadlineMs: number;
  /** First back-off; doubles per attempt up to maxDelayMs, with jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  random?: () => number;
}

export const DEFAULT_RETRY: Omit<RetryPolicy, "deadlineMs"> = {
  baseDelayMs: 1_000,
  maxDelayMs: 15_000,
};

/**
 * Exponential back-off with "equal jitter": half the step is fixed, half random, so many apps
 * retrying together spread out without ever retrying immediately.
 */
export function backoffMs(attempt: number, policy: RetryPolicy): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const r = (policy.random ?? Math.random)();
  return Math.round(step / 2 + (step / 2) * r);
}

export interface Freshness {
  /** The credential was created less than the deadline ago (or we cannot tell). */
  credentialMayBeReplicating: boolean;
}

/** Whether a failed token request is worth another attempt, per the verify issue's rules. */
export function isRetryable(f: Failure, fresh: Freshness): boolean {
  switch (f.kind) {
    case "replication":
    case "throttled":
    case "transient":
      return true;
    case "secret-rejected":
      // A new secret answers 7000215 until it replicates; an old one that fails is just wrong.
      return fresh.credentialMayBeReplicating;
    case "permanent":
      return false;
  }
}

/** The wait before the next attempt: Retry-After when the authority gave one, else back-off. */
export function delayBeforeRetry(f: Failure, attempt: number, policy: RetryPolicy): number {
  if (f.retryAfterSeconds !== undefined && Number.isFinite(f.retryAfterSeconds)) {
    return Math.max(0, f.retryAfterSeconds * 1000);
  }
  return backoffMs(attempt, policy);
}

/** True when `createdAt` is unknown or less than `windowMs` before `now`. */
export function mayBeReplicating(
  createdAt: string | undefined,
  now: number,
  windowMs: number,
): boolean {
  if (!createdAt) return true;
  const t = Date.parse(createdAt);
  if (Number.isNaN(t)) return true;
  return now - t < windowMs;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
