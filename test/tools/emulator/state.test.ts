/**
 * `--state`: the directory survives a restart, secrets are stored only as salted hashes, and
 * nothing the emulator writes or logs contains a secret, a client assertion or a token.
 */
import { createHmac } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it, vi } from "vitest";
import { clientAssertion } from "../../support/assertions";
import { makeClientCertificate } from "../../support/certs";
import { startTestEmulator, type TestEmulator } from "../../support/emulator";

const dir = mkdtempSync(join(tmpdir(), "emulator-state-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const GRAPH_SCOPE = "https://graph.microsoft.com/.default";

async function token(e: TestEmulator, clientId: string, secret: string) {
  return e.tokenRequest({
    grant_type: "client_credentials",
    client_id: clientId,
    client_secret: secret,
    scope: GRAPH_SCOPE,
  });
}

describe("--state snapshots", () => {
  it("saves changes as they happen and restores the directory on restart; old secrets keep working", async () => {
    const statePath = join(dir, "state.json");
    const caOut = join(dir, "ca.pem");
    const first = await startTestEmulator({ statePath, caOut });
    expect(first.caFile).toBe(caOut);
    expect(readFileSync(caOut, "utf8")).toBe(first.caPem);
    const app = first.directory.createApplication({
      displayName: "persisted",
      identifierUris: ["api://persisted"],
      appRoles: [{ value: "Things.Read" }],
    });
    const secret = first.directory.addPassword(app.appId).secretText;
    first.directory.assignAppRole({
      principalAppId: app.appId,
      resourceAppId: first.directory.graphAppId,
      role: "User.Read.All",
    });
    await sleep(150); // written shortly after the change, without waiting for close
    expect(readFileSync(statePath, "utf8")).toContain("api://persisted");
    const firstAdmin = first.admin;
    await first.close();

    const second = await startTestEmulator({ statePath });
    try {
      expect(second.admin.clientId).toBe(firstAdmin.clientId);
      expect(second.admin.clientSecret).not.toBe(firstAdmin.clientSecret);
      const r = await token(second, app.appId, secret);
      expect(r.status, r.body).toBe(200);
      expect(
        await second.verifyToken(String(r.json.access_token), {
          version: 1,
          audience: "https://graph.microsoft.com",
        }),
      ).toMatchObject({ appid: app.appId, oid: app.servicePrincipalId, roles: ["User.Read.All"] });
      expect((await token(second, firstAdmin.clientId, firstAdmin.clientSecret)).status).toBe(200);
      const graphApp = await second.graph("GET", `/applications(appId='${app.appId}')`);
      expect(graphApp.json).toMatchObject({
        id: app.objectId,
        identifierUris: ["api://persisted"],
      });
      // Graph's ~700 app roles are reference data, not state: the snapshot stays small.
      expect(readFileSync(statePath).length).toBeLessThan(50_000);
      expect(
        (
          (await second.graph("GET", `/servicePrincipals(appId='${second.directory.graphAppId}')`))
            .json.appRoles as unknown[]
        ).length,
      ).toBeGreaterThan(500);
    } finally {
      await second.close();
    }
  });

  it("stores each secret as an HMAC-SHA256 under its own random salt", async () => {
    const statePath = join(dir, "hashes.json");
    const e = await startTestEmulator({ statePath });
    const app = e.directory.createApplication({ displayName: "hashed" });
    const s1 = e.directory.addPassword(app.appId).secretText;
    const s2 = e.directory.addPassword(app.appId).secretText;
    await e.close();
    const snapshot = JSON.parse(readFileSync(statePath, "utf8"));
    const stored = snapshot.tenants[0].applications.find(
      (a: { appId: string }) => a.appId === app.appId,
    ).passwordCredentials;
    expect(stored).toHaveLength(2);
    expect(stored[0].salt).not.toBe(stored[1].salt);
    const hmac = (salt: string, secret: string) =>
      createHmac("sha256", Buffer.from(salt, "base64")).update(secret).digest("base64");
    expect(stored[0].hash).toBe(hmac(stored[0].salt, s1));
    expect(stored[1].hash).toBe(hmac(stored[1].salt, s2));
    expect(Object.keys(stored[0]).sort()).toEqual([
      "createdAt",
      "displayName",
      "endDateTime",
      "hash",
      "hint",
      "keyId",
      "salt",
      "startDateTime",
    ]);
  });
});

describe("secrets and tokens never leave the emulator except to their caller", () => {
  it("keeps every secret, assertion and token out of its log lines, stdout/stderr and the state file", async () => {
    const statePath = join(dir, "scan.json");
    const lines: string[] = [];
    const written: string[] = [];
    const spies = [vi.spyOn(process.stdout, "write"), vi.spyOn(process.stderr, "write")].map((s) =>
      s.mockImplementation((chunk: string | Uint8Array) => {
        written.push(String(chunk));
        return true;
      }),
    );
    const e = await startTestEmulator({ statePath, log: (l) => lines.push(l) });
    const sensitive: string[] = [e.admin.clientSecret];
    try {
      const cert = await makeClientCertificate();
      const app = e.directory.createApplication({ displayName: "scan" });
      sensitive.push(e.directory.addPassword(app.appId).secretText);
      e.directory.addCertificate(app.appId, cert.certPem);
      e.directory.addFederatedCredential(app.appId, {
        issuer: "https://issuer.example",
        subject: "s",
      });
      const viaGraph = await e.graph("POST", `/applications/${app.objectId}/addPassword`, {
        passwordCredential: {},
      });
      sensitive.push(String(viaGraph.json.secretText));
      for (const s of sensitive.slice(1))
        sensitive.push(String((await token(e, app.appId, s)).json.access_token));
      const wrong = "WRONG8Q~not-a-real-secret-but-sensitive-x";
      sensitive.push(wrong);
      const rejected = await token(e, app.appId, wrong);
      expect(rejected.body).not.toContain(wrong);
      const assertion = await clientAssertion(cert, {
        clientId: app.appId,
        audience: `${e.authority()}/oauth2/v2.0/token`,
      });
      const fed = await e.federation.mint({
        issuer: "https://issuer.example",
        subject: "s",
        audience: "api://AzureADTokenExchange",
      });
      sensitive.push(assertion, fed, cert.privateKeyPem);
      for (const a of [assertion, fed]) {
        const r = await e.tokenRequest({
          grant_type: "client_credentials",
          client_id: app.appId,
          scope: GRAPH_SCOPE,
          client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
          client_assertion: a,
        });
        expect(r.status, r.body).toBe(200);
        sensitive.push(String(r.json.access_token));
      }
      sensitive.push(await e.adminToken());
      e.rotateSigningKey();
      await e.graph("GET", "/applications");
    } finally {
      await e.close();
      spies.forEach((s) => s.mockRestore());
    }
    const outputs = {
      log: lines.join("\n"),
      written: written.join(""),
      state: readFileSync(statePath, "utf8"),
    };
    expect(lines.length).toBeGreaterThan(5); // the log was really captured
    expect(existsSync(statePath)).toBe(true);
    for (const [where, text] of Object.entries(outputs)) {
      for (const s of sensitive) {
        expect(s.length).toBeGreaterThan(20);
        expect(text.includes(s), `${where} contains a secret or token`).toBe(false);
        // Tokens are also caught by their signature part alone.
        const tail = s.split(".").pop()!;
        if (tail.length > 40)
          expect(text.includes(tail), `${where} contains a token signature`).toBe(false);
      }
      expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/); // no JWT of any kind
    }
  });
});
