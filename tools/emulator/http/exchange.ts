import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

const MAX_BODY = 1024 * 1024;

/** One request being answered: the parsed URL, route parameters and ids for error bodies. */
export class Exchange {
  params: Record<string, string> = {};
  /** Entra's trace id / Graph's request-id for this request. */
  readonly requestId = randomUUID();
  /** The caller's correlation id (msal sends `client-request-id`), else a fresh one. */
  readonly correlationId: string;
  private bodyText?: Promise<string>;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly url: URL,
  ) {
    // Echoed in a response header and error bodies, so only an id-shaped value is taken.
    const cid = req.headers["client-request-id"];
    this.correlationId = typeof cid === "string" && /^[\w-]{1,100}$/.test(cid) ? cid : randomUUID();
  }

  header(name: string): string | undefined {
    const v = this.req.headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  }

  /** The request body as text (bounded, so a misbehaving client cannot exhaust memory). */
  body(): Promise<string> {
    this.bodyText ??= new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      this.req.on("data", (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) {
          reject(new Error("request body too large"));
          this.req.destroy();
        } else chunks.push(c);
      });
      this.req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      this.req.on("error", reject);
    });
    return this.bodyText;
  }

  async json(): Promise<unknown> {
    const text = await this.body();
    if (text.trim() === "") return {};
    return JSON.parse(text) as unknown;
  }

  send(
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
    contentType = "application/json; charset=utf-8",
  ): void {
    if (this.res.headersSent || this.res.destroyed) return;
    const text = body === undefined ? "" : JSON.stringify(body);
    this.res.writeHead(status, {
      ...(body === undefined ? {} : { "content-type": contentType }),
      "content-length": Buffer.byteLength(text).toString(),
      "cache-control": "no-store, no-cache",
      "x-ms-request-id": this.requestId,
      "client-request-id": this.correlationId,
      ...headers,
    });
    this.res.end(text);
  }

  /** Abruptly closes the connection without an answer (the "dropped connection" fault). */
  drop(): void {
    this.req.socket.destroy();
  }
}
