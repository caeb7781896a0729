import https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { TlsMaterial } from "../crypto/tls";
import { graphErrorBody, GraphError, Graph, toGraphError } from "../graph/errors";
import { StsError, Sts, stsErrorBody } from "../identity/errors";
import type { RequestLog } from "../requestLog";
import { Exchange } from "./exchange";
import type { Area, Router } from "./router";

export interface ServerOptions {
  tls: TlsMaterial;
  router: Router;
  log: RequestLog;
  /** Latency added to every request (`--latency-ms`). */
  latencyMs: number;
  authorityHost: () => string;
  /** One line per request: method, path (never the query or body), status, duration. */
  logLine?: (line: string) => void;
}

/** The HTTPS server: routing, the request log, base latency and error rendering per area. */
export function createServer(o: ServerOptions): https.Server {
  return https.createServer(
    { key: o.tls.keyPem, cert: o.tls.certPem, minVersion: "TLSv1.2" },
    (req, res) => {
      // dispatch answers its own errors; this only guards against a failure while doing so.
      dispatch(o, req, res).catch(() => res.destroy());
    },
  );
}

async function dispatch(
  o: ServerOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const started = performance.now();
  const method = req.method ?? "GET";
  const url = new URL(req.url ?? "/", o.authorityHost());
  const x = new Exchange(req, res, url);
  const m = o.router.match(method, url.pathname);
  const area: Area =
    m && "route" in m
      ? m.route.area
      : url.pathname.startsWith("/v1.0/")
        ? "graph"
        : url.pathname.startsWith("/_emulator/")
          ? "control"
          : "token";
  o.log.record(m && "route" in m ? m.route.label : `${method} (no route)`);
  try {
    if (o.latencyMs > 0) await sleep(o.latencyMs);
    if (!m)
      throw area === "graph" || area === "control"
        ? Graph.noSegment(url.pathname.split("/").pop() ?? "")
        : Sts.malformed();
    if (!("route" in m))
      throw area === "graph" || area === "control"
        ? Graph.methodNotAllowed()
        : Sts.postOnly(method);
    x.params = m.params;
    await m.route.handler(x);
  } catch (e) {
    sendError(o, x, area, e);
  }
  o.logLine?.(
    `${method} ${url.pathname} ${res.destroyed && !res.headersSent ? "dropped" : res.statusCode} ${Math.round(performance.now() - started)}ms`,
  );
}

function sendError(o: ServerOptions, x: Exchange, area: Area, e: unknown): void {
  if (area === "graph" || area === "control") {
    const g =
      toGraphError(e) ?? internal(o, e, (m) => new GraphError(500, "InternalServerError", m));
    x.send(g.status, graphErrorBody(g, x.requestId, x.correlationId), {
      "request-id": x.requestId,
      ...g.headers,
    });
    return;
  }
  const s =
    e instanceof StsError ? e : internal(o, e, (m) => new StsError(500, "server_error", 500000, m));
  x.send(s.status, stsErrorBody(s, x.requestId, x.correlationId, o.authorityHost()), s.headers);
}

/** An emulator bug: answer 500 in the area's shape and report the message (never a body or secret). */
function internal<T>(o: ServerOptions, e: unknown, make: (message: string) => T): T {
  const message = e instanceof Error ? e.message : String(e);
  o.logLine?.(`internal error: ${message}`);
  return make(`The emulator failed to handle the request: ${message}`);
}
