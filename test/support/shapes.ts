/** Assertions on the error shapes Entra and Microsoft Graph answer with, shared by the emulator tests. */
import { expect } from "vitest";
import type { ClientCertificate } from "./certs";
import type { JsonResponse } from "./emulator";

/** Entra's token-service error JSON, exactly these fields, description in Entra's format. */
export function expectEntraShape(
  body: Record<string, unknown>,
  code: number,
  authorityHost: string,
): void {
  expect(Object.keys(body).sort()).toEqual([
    "correlation_id",
    "error",
    "error_codes",
    "error_description",
    "error_uri",
    "timestamp",
    "trace_id",
  ]);
  expect(String(body.error_description)).toMatch(
    new RegExp(
      `^AADSTS${code}: .+ Trace ID: ${body.trace_id} Correlation ID: ${body.correlation_id} Timestamp: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ$`,
    ),
  );
  expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  expect(body.trace_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(body.error_uri).toBe(`${authorityHost}/error?code=${code}`);
}

/** Graph's `{error: {code, message, innerError: {date, request-id, client-request-id}}}`. */
export function expectGraphError(r: JsonResponse, status: number, code: string): void {
  expect(r.status, r.body).toBe(status);
  const err = r.json.error as Record<string, unknown>;
  expect(err.code).toBe(code);
  expect(typeof err.message).toBe("string");
  const inner = err.innerError as Record<string, unknown>;
  expect(Object.keys(inner).sort()).toEqual(["client-request-id", "date", "request-id"]);
  expect(inner["request-id"]).toBe(r.headers["request-id"]);
}

/** base64 DER of a certificate, as Graph's keyCredentials.key carries it. */
export const der64 = (c: ClientCertificate): string => c.certPem.replace(/-----[^-]+-----|\s/g, "");
