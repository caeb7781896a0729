import type { EmulatorContext } from "../context";
import type { Exchange } from "../http/exchange";
import { applyFaults } from "../http/faultGate";
import type { Route } from "../http/router";
import { authenticate, authorise, type Caller, type Permission } from "./auth";
import { GraphError } from "./errors";

const ODATA_JSON =
  "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

/** A Graph route: authenticate, apply faults for the caller, check the permission, handle. */
export function graphRoute(
  ctx: EmulatorContext,
  method: Route["method"],
  path: string,
  permission: Permission,
  handler: (x: Exchange, caller: Caller) => Promise<void> | void,
): Route {
  return {
    method,
    pattern: `/v1.0${path}`,
    area: "graph",
    handler: async (x) => {
      const caller = await authenticate(ctx, x);
      if (!(await applyFaults(ctx, x, "graph", caller.appId))) return;
      authorise(caller, permission);
      await handler(x, caller);
    },
  };
}

export function sendGraph(x: Exchange, status: number, body?: unknown): void {
  x.send(status, body, { "request-id": x.requestId, "odata-version": "4.0" }, ODATA_JSON);
}

/** The body as a JSON object (Graph answers 400 for anything else). */
export async function jsonObject(x: Exchange): Promise<Record<string, unknown>> {
  const body = await x.json();
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new GraphError(400, "BadRequest", "Request payload must be a JSON object.");
  return body as Record<string, unknown>;
}

export function graphBase(ctx: EmulatorContext): string {
  return `${ctx.authorityHost}/v1.0`;
}
