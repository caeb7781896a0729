import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { diffRoles, rolesClaim } from "../../../tools/verify/roles";
import { checkClaims } from "../../../tools/verify/claims";
import { classifyTokenError, entraDescription } from "../../../tools/verify/failure";
import {
  backoffMs,
  delayBeforeRetry,
  isRetryable,
  mayBeReplicating,
} from "../../../tools/verify/retry";
import { hintFor } from "../../../tools/verify/hints";

describe("diffRoles", () => {
  it.each([
    [["A", "B"], ["A", "B"], [], []],
    [["A", "B"], ["A"], ["B"], []],
    [["A"], ["A", "C"], [], ["C"]],
    [[], ["X"], [], ["X"]],
    [["B", "A"], [], ["A", "B"], []],
  ])("expected %j granted %j -> missing %j extra %j", (expected, granted, missing, extra) => {
    expect(diffRoles(expected, granted)).toEqual({ missing, extra });
  });

  it("partitions exactly: expected = granted - extra + missing", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string()), fc.uniqueArray(fc.string()), (expected, granted) => {
        const { missing, extra } = diffRoles(expected, granted);
        const rebuilt = new Set([...granted.filter((g) => !extra.includes(g)), ...missing]);
        expect([...rebuilt].sort()).toEqual([...new Set(expected)].sort());
        for (const m of missing) expect(granted).not.toContain(m);
        for (const x of extra) expect(expected).not.toContain(x);
      }),
    );
  });

  it("reads an absent roles claim as no roles, as Entra omits it", () => {
    expect(rolesClaim({})).toEqual([]);
    expect(rolesClaim({ roles: ["b", "a", 3] })).toEqual(["a", "b"]);
  });
});

describe("checkClaims", () => {
  const tid = "11111111-2222-3333-4444-555555555555";
  const client = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
  const v1 = {
    ver: "1.0",
    iss: `https://sts.windows.net/${tid}/`,
    tid,
    aud: "https://graph.microsoft.com",
    appid: client,
    idtyp: "app",
  };
  const v2 = {
    ver: "2.0",
    iss: `https://login.example/${tid}/v2.0`,
    tid,
    aud: "99999999-2222-3333-4444-555555555555",
    azp: client,
  };
  const want1 = {
    issuer: v1.iss,
    tenantId: tid,
    clientId: client,
    audiences: ["https://graph.microsoft.com", "00000003-0000-0000-c000-000000000000"],
  };
  const want2 = {
    issuer: v2.iss,
    tenantId: tid,
    clientId: client,
    audiences: ["api://orders", v2.aud],
  };

  it("accepts right v1 and v2 claims", () => {
    expect(checkClaims(v1, want1)).toEqual([]);
    expect(checkClaims(v2, want2)).toEqual([]);
    expect(checkClaims({ ...v1, aud: "https://graph.microsoft.com/" }, want1)).toEqual([]);
  });

  it.each([
    ["wrong issuer", { ...v1, iss: "https://sts.windows.net/other/" }, /iss is/],
    ["wrong tenant", { ...v1, tid: "00000000-0000-0000-0000-000000000000" }, /tid is/],
    ["wrong audience", { ...v1, aud: "https://management.azure.com" }, /aud is/],
    ["other client (v1 appid)", { ...v1, appid: "bad" }, /appid is "bad"/],
    ["user token", { ...v1, idtyp: "user" }, /idtyp/],
    ["unknown version", { ...v1, ver: "3.0" }, /unknown token version/],
  ])("rejects %s", (_name, claims, message) => {
    expect(checkClaims(claims, want1).join(" ")).toMatch(message);
  });

  it("names azp for v2 tokens", () => {
    expect(checkClaims({ ...v2, azp: "x" }, want2).join(" ")).toMatch(/azp is "x"/);
  });
});

describe("classifyTokenError", () => {
  const server = (errorNo: string, status = 400, extra: Record<string, unknown> = {}) => ({
    errorCode: "invalid_client",
    errorNo,
    status,
    correlationId: "c0ffee00-0000-0000-0000-000000000000",
    errorMessage: `Error(s): ${errorNo} - Timestamp: 2026-11-24 - Description: AADSTS${errorNo}: Something happened. Trace ID: t Correlation ID: c Timestamp: x - Correlation ID: c0ffee00-0000-0000-0000-000000000000 - Trace ID: t`,
    ...extra,
  });

  it.each([
    ["700016", "replication"],
    ["7000215", "secret-rejected"],
    ["7000222", "permanent"],
    ["90002", "permanent"],
    ["70011", "permanent"],
    ["700027", "permanent"],
  ])("AADSTS%s is %s, with Entra's sentence and the correlation id", (no, kind) => {
    const f = classifyTokenError(server(no));
    expect(f.kind).toBe(kind);
    expect(f.error.code).toBe(`AADSTS${no}`);
    expect(f.error.message).toBe(`AADSTS${no}: Something happened.`);
    expect(f.error.correlationId).toBe("c0ffee00-0000-0000-0000-000000000000");
    expect(f.error.hint.length).toBeGreaterThan(10);
  });

  it("treats 429 as throttled and keeps Retry-After", () => {
    const f = classifyTokenError(server("50196", 429), 3);
    expect(f).toMatchObject({ kind: "throttled", retryAfterSeconds: 3 });
  });

  it("treats 5xx and network failures as transient; only the latter as unreachable", () => {
    expect(
      classifyTokenError(server("", 503, { errorNo: undefined, errorMessage: "" })),
    ).toMatchObject({ kind: "transient", unreachable: false, error: { code: "HTTP 503" } });
    expect(
      classifyTokenError({
        errorCode: "network_error",
        errorMessage: "Network request failed: ECONNRESET",
      }),
    ).toMatchObject({ kind: "transient", unreachable: true });
  });

  it("extracts Entra's first sentence from msal's framing", () => {
    expect(
      entraDescription(
        "Error(s): 1 - Timestamp: t - Description: AADSTS1: Bad thing.\r\nTrace ID: x - Correlation ID: y - Trace ID: z",
      ),
    ).toBe("AADSTS1: Bad thing.");
  });

  it("has a hint for every code the issue names", () => {
    for (const code of [
      "7000215",
      "7000222",
      "700016",
      "90002",
      "500011",
      "1002012",
      "70011",
      "700027",
      "700024",
      "700213",
      "7000112",
      "50049",
    ]) {
      expect(hintFor(`AADSTS${code}`), code).toBeTruthy();
    }
  });
});

describe("retry policy", () => {
  const policy = { deadlineMs: 60_000, baseDelayMs: 1000, maxDelayMs: 8000 };

  it("backs off exponentially with jitter between half and the whole step, capped", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (attempt, r) => {
          const step = Math.min(8000, 1000 * 2 ** (attempt - 1));
          const d = backoffMs(attempt, { ...policy, random: () => r });
          expect(d).toBeGreaterThanOrEqual(step / 2 - 1);
          expect(d).toBeLessThanOrEqual(step + 1);
        },
      ),
    );
  });

  it("honours Retry-After over back-off", () => {
    expect(
      delayBeforeRetry(
        {
          kind: "throttled",
          unreachable: false,
          retryAfterSeconds: 7,
          error: { code: "", message: "", hint: "" },
        },
        1,
        policy,
      ),
    ).toBe(7000);
  });

  it("retries a rejected secret only while it may still be replicating", () => {
    const f = {
      kind: "secret-rejected" as const,
      unreachable: false,
      error: { code: "", message: "", hint: "" },
    };
    expect(isRetryable(f, { credentialMayBeReplicating: true })).toBe(true);
    expect(isRetryable(f, { credentialMayBeReplicating: false })).toBe(false);
    expect(isRetryable({ ...f, kind: "permanent" }, { credentialMayBeReplicating: true })).toBe(
      false,
    );
    expect(isRetryable({ ...f, kind: "replication" }, { credentialMayBeReplicating: false })).toBe(
      true,
    );
  });

  it("judges freshness by createdAt against the window", () => {
    const now = Date.parse("2026-11-24T12:00:00Z");
    expect(mayBeReplicating("2026-11-24T11:59:30Z", now, 60_000)).toBe(true);
    expect(mayBeReplicating("2026-11-24T11:00:00Z", now, 60_000)).toBe(false);
    expect(mayBeReplicating(undefined, now, 60_000)).toBe(true);
  });
});
