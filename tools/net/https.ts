import https from "node:https";
import tls from "node:tls";
import { readFileSync } from "node:fs";

export interface HttpsClientOptions {
  /**
   * Extra CA certificates (PEM) to trust on top of Node's bundled roots, e.g. the emulator's CA.
   * Users normally rely on NODE_EXTRA_CA_CERTS instead; this is for in-process use, where the CA
   * only exists after the process started. Verification is never turned off.
   */
  extraCaPem?: string[];
  /**
   * Files of extra CA certificates, e.g. the NODE_EXTRA_CA_CERTS of the environment a command
   * was given (Node itself only reads that variable when the process starts).
   */
  extraCaFiles?: string[];
  /** Upper bound on a single request, in ms. */
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * A small HTTPS client over one keep-alive agent, shared by everything that talks to an
 * authority (msal-node's network module, JWKS fetches), so connections are reused and every
 * request is counted in one place.
 */
export class HttpsClient {
  readonly agent: https.Agent;
  private readonly timeoutMs: number;
  /** Requests sent, by `METHOD path` without the query string. */
  readonly counts = new Map<string, number>();

  constructor(options: HttpsClientOptions = {}) {
    // This process's NODE_EXTRA_CA_CERTS is already in Node's default trust store; only other
    // files (an in-process caller's environment) and PEMs need a store of our own.
    const trusted = process.env.NODE_EXTRA_CA_CERTS;
    const files = [...new Set(options.extraCaFiles ?? [])].filter((f) => f !== trusted);
    const extra = [...files.flatMap(readCaFile), ...(options.extraCaPem ?? [])];
    const ca = extra.length
      ? [...tls.rootCertificates, ...readCaFile(trusted), ...extra]
      : undefined;
    // One secure context built once: passing `ca` itself would make Node re-parse ~150 root
    // certificates for every new connection and fold them into every request's agent key.
    this.agent = new https.Agent({
      keepAlive: true,
      maxSockets: 64,
      ...(ca ? { secureContext: tls.createSecureContext({ ca }) } : {}),
    });
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  get requestCount(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }

  request(
    method: "GET" | "POST" | "PATCH" | "DELETE",
    url: string,
    headers: Record<string, string> = {},
    body?: string,
  ): Promise<HttpResponse> {
    const u = new URL(url);
    const key = `${method} ${u.pathname}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    return new Promise((resolve, reject) => {
      const req = https.request(
        u,
        {
          method,
          agent: this.agent,
          headers:
            body === undefined
              ? headers
              : { ...headers, "content-length": Buffer.byteLength(body).toString() },
          timeout: this.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const out: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers))
              if (v !== undefined) out[k] = Array.isArray(v) ? v.join(", ") : v;
            resolve({
              status: res.statusCode ?? 0,
              headers: out,
              body: Buffer.concat(chunks).toString("utf8"),
            });
          });
          res.on("error", reject);
        },
      );
      req.on("timeout", () =>
        req.destroy(new Error(`request to ${u.host} timed out after ${this.timeoutMs} ms`)),
      );
      req.on("error", reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/**
 * Passing `ca` to an agent replaces Node's default trust store for it, and NODE_EXTRA_CA_CERTS is
 * only merged into the default one, so keep honouring it explicitly when we add our own CA.
 */
function readCaFile(file: string | undefined): string[] {
  if (!file) return [];
  try {
    return [readFileSync(file, "utf8")];
  } catch {
    return [];
  }
}
