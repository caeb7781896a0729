import { hintFor, HINT_THROTTLED, HINT_UNAVAILABLE } from "./hints";
import type { CheckError } from "./types";

/** How a failed token request should be treated by the retry loop. */
export type FailureKind =
  /** 700016 / 7000229 / 500011 / 501051: objects not replicated yet (or genuinely absent). */
  | "replication"
  /** 7000215: wrong secret, or a new secret not replicated yet. */
  | "secret-rejected"
  /** 429: honour Retry-After. */
  | "throttled"
  /** 5xx, dropped connections, timeouts. */
  | "transient"
  /** Everything else: invalid scope, unknown tenant, expired secret, bad assertion... */
  | "permanent";

export interface Failure {
  kind: FailureKind;
  error: CheckError;
  /** Seconds from Retry-After, when the authority sent one. */
  retryAfterSeconds?: number;
  /** True when the authority never answered (network), as opposed to answering with an error. */
  unreachable: boolean;
}

// 501051: a first grant on an API that requires assignment has not reached the token service yet
// (or was never made); the others: the app or a service principal is not there (yet).
const REPLICATION = new Set(["700016", "7000229", "500011", "501051"]);

interface MsalLikeError {
  errorCode?: string;
  errorMessage?: string;
  errorNo?: string | number;
  status?: number;
  correlationId?: string;
  subError?: string;
  message?: string;
}

/** Turns whatever msal-node threw into a classified failure with Entra's evidence kept. */
export function classifyTokenError(e: unknown, retryAfterSeconds?: number): Failure {
  const err = (e ?? {}) as MsalLikeError;
  const errorNo =
    err.errorNo !== undefined && err.errorNo !== ""
      ? String(err.errorNo)
      : aadstsFrom(err.errorMessage);
  const status = typeof err.status === "number" ? err.status : undefined;
  const message = entraDescription(err.errorMessage) ?? err.message ?? String(e);
  const correlationId = err.correlationId || correlationFrom(err.errorMessage);

  if (status === 429) {
    return {
      kind: "throttled",
      unreachable: false,
      retryAfterSeconds,
      error: {
        code: errorNo ? `AADSTS${errorNo}` : "HTTP 429",
        message,
        hint: HINT_THROTTLED,
        correlationId,
      },
    };
  }
  if (status !== undefined && status >= 500) {
    return {
      kind: "transient",
      unreachable: false,
      retryAfterSeconds,
      error: {
        code: errorNo ? `AADSTS${errorNo}` : `HTTP ${status}`,
        message,
        hint: HINT_UNAVAILABLE,
        correlationId,
      },
    };
  }
  if (!errorNo) {
    // No Entra answer at all: msal-node's network_error, a timeout, a refused connection.
    const network =
      err.errorCode === "network_error" ||
      /network|ECONN|socket|timed out|ENOTFOUND|EAI_AGAIN/i.test(`${err.errorCode} ${message}`);
    return {
      kind: network ? "transient" : "permanent",
      unreachable: network,
      error: {
        code: network ? "network_error" : err.errorCode || "client_error",
        message: network ? `could not reach the authority: ${message}` : message,
        hint: network
          ? HINT_UNAVAILABLE
          : "msal-node rejected the request before sending it; check the inputs named above",
        correlationId,
      },
    };
  }
  const code = `AADSTS${errorNo}`;
  const hint = hintFor(errorNo) ?? "see https://login.microsoftonline.com/error?code=" + errorNo;
  const kind: FailureKind = REPLICATION.has(errorNo)
    ? "replication"
    : errorNo === "7000215"
      ? "secret-rejected"
      : "permanent";
  return { kind, unreachable: false, error: { code, message, hint, correlationId } };
}

/** The Entra sentence ("AADSTS7000215: Invalid client secret provided. ...") without msal's framing. */
export function entraDescription(msalMessage: string | undefined): string | undefined {
  if (!msalMessage) return undefined;
  const m = /Description: (.*?)(?: - Correlation ID:| - Trace ID:|$)/s.exec(msalMessage);
  const text = (m ? m[1] : msalMessage).split(/\r?\n/)[0];
  // Entra appends "Trace ID: ... Correlation ID: ... Timestamp: ..." to the first line; keep the sentence.
  return text.replace(/\s*Trace ID:.*$/s, "").trim() || undefined;
}

function aadstsFrom(message: string | undefined): string | undefined {
  const m = message ? /AADSTS(\d+)/.exec(message) : null;
  return m ? m[1] : undefined;
}

function correlationFrom(message: string | undefined): string | undefined {
  const m = message ? /Correlation ID: ([0-9a-f-]{36})/i.exec(message) : null;
  return m ? m[1] : undefined;
}
