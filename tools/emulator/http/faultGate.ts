import { setTimeout as sleep } from "node:timers/promises";
import type { EmulatorContext } from "../context";
import type { FaultArea } from "../faults";
import { Graph } from "../graph/errors";
import { Sts } from "../identity/errors";
import type { Exchange } from "./exchange";

/**
 * Applies the faults in force to one request: waits out added latency, then throws the 429 or
 * 503 in the area's own error shape, or drops the connection. Returns false when the request
 * must not be answered at all. Called by handlers once the caller's app id is known.
 */
export async function applyFaults(
  ctx: EmulatorContext,
  x: Exchange,
  area: FaultArea,
  appId: string | undefined,
): Promise<boolean> {
  const { latencyMs, outcome } = ctx.faults.forRequest(area, appId);
  if (latencyMs > 0) await sleep(latencyMs);
  if (!outcome) return true;
  if (outcome.kind === "drop") {
    x.drop();
    return false;
  }
  const graph = area === "graph";
  if (outcome.kind === "throttle")
    throw graph
      ? Graph.throttled(outcome.retryAfterSeconds)
      : Sts.throttled(outcome.retryAfterSeconds);
  throw graph
    ? Graph.unavailable(outcome.retryAfterSeconds)
    : Sts.unavailable(outcome.retryAfterSeconds);
}
