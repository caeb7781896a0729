/**
 * The emulator-only control path: switch faults, roll keys over and read the request log at
 * run time, authorised by the admin app's Graph token (401 bad/foreign token, 403 without the
 * role), and never faulted itself.
 */
import { generateKeyPairSync } from "node:crypto";
import { SignJWT } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "../../support/emulator";

const GRAPH = "https://graph.microsoft.com";

let e: TestEmulator;
beforeAll(async () => {
  e = await startTestEmulator();
});
afterEach(() => e.setFaults([]));
afterAll(() => e?.close());

function daemon(roles: string[] = []) {
  const ids = e.directory.createApplication({ displayName: `control-${Math.random()}` });
  const secret = e.directory.addPassword(ids.appId).secretText;
  for (const role of roles)
    e.directory.assignAppRole({
      principalAppId: ids.appId,
      resourceAppId: e.directory.graphAppId,
      role,
    });
  return { ...ids, secret };
}
const token = (clientId: string, secret: string) =>
  e.tokenRequest({
    grant_type: "client_credentials",
    client_id: clientId,
    client_secret: secret,
    scope: `${GRAPH}/.default`,
  });

describe("the /_emulator control path", () => {
  const control = async (method: "GET" | "POST", path: string, body?: unknown, bearer?: string) => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (bearer !== "none") headers.authorization = `Bearer ${bearer ?? (await e.adminToken())}`;
    const r = await e.http.request(
      method,
      `${e.authorityHost}/_emulator${path}`,
      headers,
      body === undefined ? undefined : JSON.stringify(body),
    );
    return { ...r, json: JSON.parse(r.body || "{}") };
  };

  it("switches faults at run time and reports them", async () => {
    const app = daemon();
    const set = await control("POST", "/faults", {
      rules: [{ kind: "throttle", appId: app.appId, count: 2, retryAfterSeconds: 1 }],
    });
    expect(set.status).toBe(200);
    expect(set.json.rules).toEqual([
      expect.objectContaining({ kind: "throttle", remainingCount: 2 }),
    ]);
    expect((await token(app.appId, app.secret)).status).toBe(429);
    expect((await control("GET", "/faults")).json.rules).toEqual([
      expect.objectContaining({ remainingCount: 1 }),
    ]);
    expect((await control("POST", "/faults", { rules: [] })).json.rules).toEqual([]);
    expect((await token(app.appId, app.secret)).status).toBe(200);
  });

  it("rejects invalid rules with 400 naming the field, keeping the rules in force", async () => {
    e.setFaults([{ kind: "latency", ms: 1 }]);
    const r = await control("POST", "/faults", {
      rules: [{ kind: "throttle", retryAfterSeconds: -1 }],
    });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/retryAfterSeconds/);
    expect(e.faults()).toHaveLength(1);
  });

  it("is never faulted itself", async () => {
    const bearer = await e.adminToken();
    e.setFaults([{ kind: "drop", target: "any" }]);
    await expect(e.adminToken()).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect((await control("GET", "/requests", undefined, bearer)).status).toBe(200);
  });

  it("rolls the signing key over and reads the request log", async () => {
    const [kid0] = await e.signingKeyIds();
    const r = await control("POST", "/keys/rollover");
    expect(r.status).toBe(200);
    expect(r.json.kid).not.toBe(kid0);
    const log = (await control("GET", "/requests")).json;
    expect(log.total).toBeGreaterThan(0);
    expect(log.byEndpoint["POST /_emulator/keys/rollover"]).toBe(1);
    expect(log.byEndpoint["POST /{tenant}/oauth2/v2.0/token"]).toBeGreaterThan(0);
    expect(e.requestLog().byEndpoint["GET /_emulator/requests"]).toBeGreaterThanOrEqual(1);
  });

  it("answers 401 without a token or with a foreign one, 403 for a token without the role", async () => {
    expect((await control("GET", "/requests", undefined, "none")).status).toBe(401);
    const foreign = await new SignJWT({
      aud: GRAPH,
      tid: e.tenantId,
      roles: ["Application.ReadWrite.All"],
    })
      .setProtectedHeader({ alg: "RS256" })
      .setIssuer(`https://sts.windows.net/${e.tenantId}/`)
      .setExpirationTime("1h")
      .sign(generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey);
    const r401 = await control("POST", "/faults", { rules: [] }, foreign);
    expect(r401.status).toBe(401);
    expect(r401.json.error.code).toBe("InvalidAuthenticationToken");
    const weak = daemon(["Application.Read.All"]);
    const weakToken = String((await token(weak.appId, weak.secret)).json.access_token);
    const r403 = await control("POST", "/keys/rollover", undefined, weakToken);
    expect(r403.status).toBe(403);
    expect(r403.json.error.code).toBe("Authorization_RequestDenied");
  });
});
