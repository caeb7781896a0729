/**
 * Faults: replication delay (app, secret, role assignment), latency, 429 with Retry-After, 503,
 * dropped connections, signing-key rollover. The /_emulator control path is in control.test.ts.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { decodeProtectedHeader } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { claimsOf, startTestEmulator, type TestEmulator } from "../../support/emulator";

const GRAPH = "https://graph.microsoft.com";

let e: TestEmulator;
beforeAll(async () => {
  e = await startTestEmulator();
});
afterEach(() => e.setFaults([]));
afterAll(() => e?.close());

function daemon(roles: string[] = []) {
  const ids = e.directory.createApplication({ displayName: `fault-${Math.random()}` });
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
const timed = async <T>(fn: () => Promise<T>) => {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
};

describe("replication delay", () => {
  it("a new app answers AADSTS700016 until the delay has passed", async () => {
    e.setFaults([{ kind: "replicationDelay", ms: 600, objects: ["application"] }]);
    const app = daemon();
    expect((await token(app.appId, app.secret)).json.error_codes).toEqual([700016]);
    await sleep(650);
    expect((await token(app.appId, app.secret)).status).toBe(200);
  });

  it("a new secret answers AADSTS7000215 while an older one keeps working", async () => {
    const app = daemon();
    await sleep(1000); // the first secret is now older than the delay
    e.setFaults([{ kind: "replicationDelay", ms: 800, objects: ["secret"] }]);
    const fresh = e.directory.addPassword(app.appId).secretText;
    expect((await token(app.appId, fresh)).json.error_codes).toEqual([7000215]);
    expect((await token(app.appId, app.secret)).status).toBe(200);
    await sleep(850);
    expect((await token(app.appId, fresh)).status).toBe(200);
  });

  it("a new role assignment is missing from roles until the delay has passed", async () => {
    const app = daemon(["User.Read.All"]);
    await sleep(1000); // the first assignment is now older than the delay
    e.setFaults([{ kind: "replicationDelay", ms: 800, objects: ["roleAssignment"] }]);
    e.directory.assignAppRole({
      principalAppId: app.appId,
      resourceAppId: e.directory.graphAppId,
      role: "Group.Read.All",
    });
    expect(claimsOf(String((await token(app.appId, app.secret)).json.access_token)).roles).toEqual([
      "User.Read.All",
    ]);
    await sleep(850);
    expect(
      [
        ...(claimsOf(String((await token(app.appId, app.secret)).json.access_token))
          .roles as string[]),
      ].sort(),
    ).toEqual(["Group.Read.All", "User.Read.All"]);
  });

  it("can be scoped to one client, and limited by count", async () => {
    const a = daemon();
    const b = daemon();
    e.setFaults([{ kind: "replicationDelay", ms: 60_000, appId: a.appId, count: 1 }]);
    expect((await token(b.appId, b.secret)).status).toBe(200);
    expect((await token(a.appId, a.secret)).json.error_codes).toEqual([700016]);
    expect((await token(a.appId, a.secret)).status).toBe(200); // count used up
    expect(e.faults()).toEqual([]);
  });
});

describe("request faults", () => {
  it("adds latency to the targeted area only", async () => {
    const app = daemon();
    e.setFaults([{ kind: "latency", ms: 300 }]);
    expect((await timed(() => token(app.appId, app.secret))).ms).toBeGreaterThanOrEqual(290);
    expect(
      (
        await timed(() =>
          e.http.request("GET", `${e.authority()}/v2.0/.well-known/openid-configuration`),
        )
      ).ms,
    ).toBeLessThan(250);
  });

  it("reaches discovery and key requests when targeted there", async () => {
    e.setFaults([{ kind: "unavailable", target: "discovery", count: 1 }]);
    const meta = `${e.authority()}/v2.0/.well-known/openid-configuration`;
    const first = await e.http.request("GET", meta);
    expect(first.status).toBe(503);
    expect(JSON.parse(first.body)).toMatchObject({ error: "temporarily_unavailable" });
    expect((await e.http.request("GET", meta)).status).toBe(200);
    e.setFaults([{ kind: "latency", ms: 300, target: "discovery" }]);
    const keys = await timed(() => e.http.request("GET", `${e.authority()}/discovery/v2.0/keys`));
    expect(keys.ms).toBeGreaterThanOrEqual(290);
  });

  it("answers 429 with Retry-After in Entra's shape, which msal-node reports and then throttles itself", async () => {
    const app = daemon();
    e.setFaults([{ kind: "throttle", retryAfterSeconds: 7, count: 1 }]);
    const r = await token(app.appId, app.secret);
    expect(r.status).toBe(429);
    expect(r.headers["retry-after"]).toBe("7");
    expect(r.json).toMatchObject({ error: "temporarily_unavailable", error_codes: [90055] });
    expect((await token(app.appId, app.secret)).status).toBe(200); // count used up

    e.setFaults([{ kind: "throttle", retryAfterSeconds: 30, appId: app.appId }]);
    const before = e.requestLog().byEndpoint["POST /{tenant}/oauth2/v2.0/token"];
    const cca = e.msal({ clientId: app.appId, clientSecret: app.secret });
    await expect(
      cca.acquireTokenByClientCredential({ scopes: [`${GRAPH}/.default`] }),
    ).rejects.toMatchObject({ errorCode: "temporarily_unavailable" });
    await expect(
      cca.acquireTokenByClientCredential({ scopes: [`${GRAPH}/.default`] }),
    ).rejects.toBeTruthy();
    // msal honoured Retry-After: the second attempt never reached the emulator.
    expect(e.requestLog().byEndpoint["POST /{tenant}/oauth2/v2.0/token"]).toBe(before + 1);
  });

  it("answers 503 on Graph in Graph's error shape", async () => {
    e.setFaults([{ kind: "unavailable", target: "graph", retryAfterSeconds: 2, count: 1 }]);
    const r = await e.graph("GET", "/applications");
    expect(r.status).toBe(503);
    expect(r.headers["retry-after"]).toBe("2");
    expect((r.json.error as { code: string }).code).toBe("ServiceUnavailable");
    expect((await e.graph("GET", "/applications")).status).toBe(200);
  });

  it("drops the connection without answering, then recovers when the rule expires (forMs)", async () => {
    const app = daemon();
    e.setFaults([{ kind: "drop", forMs: 600 }]);
    await expect(token(app.appId, app.secret)).rejects.toThrow(/socket hang up|ECONNRESET/);
    await sleep(850);
    expect((await token(app.appId, app.secret)).status).toBe(200);
  });

  it("adds base latency to every request with the latencyMs option, and starts with the faults given", async () => {
    const slow = await startTestEmulator({
      latencyMs: 200,
      faults: [{ kind: "unavailable", count: 1 }],
    });
    try {
      expect(
        (
          await timed(() =>
            slow.http.request("GET", `${slow.authority()}/v2.0/.well-known/openid-configuration`),
          )
        ).ms,
      ).toBeGreaterThanOrEqual(195);
      const r = await slow.tokenRequest({
        grant_type: "client_credentials",
        client_id: slow.admin.clientId,
        client_secret: slow.admin.clientSecret,
        scope: `${GRAPH}/.default`,
      });
      expect(r.status).toBe(503);
      expect(r.json.error_codes).toEqual([90033]);
    } finally {
      await slow.close();
    }
  });
});

describe("signing-key rollover", () => {
  it("signs new tokens with a new kid while JWKS keeps the previous key, then drops the oldest", async () => {
    const app = daemon();
    const before = String((await token(app.appId, app.secret)).json.access_token);
    const [kid0] = await e.signingKeyIds();
    e.rotateSigningKey();
    const after = String((await token(app.appId, app.secret)).json.access_token);
    const [kid1, previous] = await e.signingKeyIds();
    expect(kid1).not.toBe(kid0);
    expect(previous).toBe(kid0);
    expect(decodeProtectedHeader(after).kid).toBe(kid1);
    await expect(e.verifyToken(before, { version: 1, audience: GRAPH })).resolves.toBeTruthy();
    await expect(e.verifyToken(after, { version: 1, audience: GRAPH })).resolves.toBeTruthy();
    e.rotateSigningKey();
    expect(await e.signingKeyIds()).not.toContain(kid0);
    await expect(e.verifyToken(before, { version: 1, audience: GRAPH })).rejects.toThrow();
  });
});
