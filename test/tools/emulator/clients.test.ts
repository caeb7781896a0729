/**
 * Unmodified Microsoft clients in their own processes, trusting the emulator's CA the standard
 * way: NODE_EXTRA_CA_CERTS for Node (msal-node's fetch, @azure/identity's pipeline) and
 * REQUESTS_CA_BUNDLE for MSAL Python. TLS verification stays on throughout.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeClientCertificate, type ClientCertificate } from "../../support/certs";
import { startTestEmulator, type TestEmulator } from "../../support/emulator";
import { findPythonWithMsal } from "../../support/python";
import { CLIENTS_DIR, runClient } from "../../support/subprocess";

const GRAPH_SCOPE = "https://graph.microsoft.com/.default";
const MSAL_NODE = join(CLIENTS_DIR, "msal-node-client.mjs");
const IDENTITY = join(CLIENTS_DIR, "identity-client.mjs");
const pythonProbe = findPythonWithMsal();

let e: TestEmulator;
let cert: ClientCertificate;
let app: { appId: string; servicePrincipalId: string; secret: string };

beforeAll(async () => {
  [e, cert] = await Promise.all([startTestEmulator(), makeClientCertificate()]);
  const ids = e.directory.createApplication({ displayName: "subprocess-daemon" });
  app = { ...ids, secret: e.directory.addPassword(ids.appId).secretText };
  e.directory.addCertificate(ids.appId, cert.certPem);
  e.directory.assignAppRole({
    principalAppId: ids.appId,
    resourceAppId: e.directory.graphAppId,
    role: "Application.Read.All",
  });
});
afterAll(() => e?.close());

async function expectGraphToken(token: unknown, acr: "1" | "2") {
  expect(typeof token).toBe("string");
  const claims = await e.verifyToken(String(token), {
    version: 1,
    audience: "https://graph.microsoft.com",
  });
  expect(claims).toMatchObject({
    appid: app.appId,
    appidacr: acr,
    oid: app.servicePrincipalId,
    roles: ["Application.Read.All"],
  });
}

describe("msal-node in a subprocess with NODE_EXTRA_CA_CERTS", () => {
  const config = (extra: Record<string, unknown>) =>
    JSON.stringify({ clientId: app.appId, authority: e.authority(), scope: GRAPH_SCOPE, ...extra });

  it("gets a token with a client secret", async () => {
    const r = await runClient(process.execPath, [MSAL_NODE], {
      NODE_EXTRA_CA_CERTS: e.caFile,
      CLIENT_CONFIG: config({ clientSecret: app.secret }),
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    await expectGraphToken(r.json.accessToken, "1");
  });

  it("gets a token with a certificate (thumbprintSha256: PS256)", async () => {
    const certificate = { thumbprintSha256: cert.sha256Hex, privateKey: cert.privateKeyPem };
    const r = await runClient(process.execPath, [MSAL_NODE], {
      NODE_EXTRA_CA_CERTS: e.caFile,
      CLIENT_CONFIG: config({ certificate }),
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    await expectGraphToken(r.json.accessToken, "2");
  });

  it("fails the TLS handshake without the CA (the trust is real, not switched off)", async () => {
    const r = await runClient(process.execPath, [MSAL_NODE], {
      CLIENT_CONFIG: config({ clientSecret: app.secret, tlsProbe: true }),
    });
    expect(r.code).toBe(1);
    expect(r.json.accessToken).toBeUndefined();
    // msal reports the failed discovery; the probe in the same process shows why.
    expect(r.json.error).toMatchObject({ errorCode: "endpoints_resolution_error" });
    expect(JSON.parse(r.stdout.split("\n")[0]).probe).toMatch(/CERT|UNABLE_TO_VERIFY/);
  });

  it("surfaces Entra's error code for a wrong secret (errorNo 7000215)", async () => {
    const r = await runClient(process.execPath, [MSAL_NODE], {
      NODE_EXTRA_CA_CERTS: e.caFile,
      CLIENT_CONFIG: config({ clientSecret: "not-the-secret" }),
    });
    expect(r.code).toBe(1);
    expect(r.json.error).toMatchObject({ errorCode: "invalid_client", errorNo: 7000215 });
  });
});

describe("@azure/identity ClientSecretCredential with authorityHost", () => {
  it("gets a token (instance discovery disabled, CA via NODE_EXTRA_CA_CERTS)", async () => {
    const cfg = {
      tenantId: e.tenantId,
      clientId: app.appId,
      clientSecret: app.secret,
      authorityHost: e.authorityHost,
      scope: GRAPH_SCOPE,
    };
    const r = await runClient(process.execPath, [IDENTITY], {
      NODE_EXTRA_CA_CERTS: e.caFile,
      CLIENT_CONFIG: JSON.stringify(cfg),
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    await expectGraphToken(r.json.accessToken, "1");
    expect(Number(r.json.expiresOnTimestamp)).toBeGreaterThan(Date.now() + 3000_000);
  });
});

// Reported as skipped (never passed) when no interpreter has MSAL; the reason is in the name.
const pythonLabel = pythonProbe.python
  ? `${pythonProbe.python}, msal ${pythonProbe.msalVersion}`
  : `skipped: no python with the msal module (tried ${pythonProbe.tried.join(", ")}; install python3-msal)`;

describe(`MSAL for Python (${pythonLabel})`, () => {
  it.skipIf(!pythonProbe.python)(
    `acquire_token_for_client with a client secret, CA via REQUESTS_CA_BUNDLE`,
    async () => {
      const cfg = {
        clientId: app.appId,
        clientSecret: app.secret,
        authority: e.authority(),
        scope: GRAPH_SCOPE,
      };
      const r = await runClient(pythonProbe.python!, [join(CLIENTS_DIR, "msal_client.py")], {
        REQUESTS_CA_BUNDLE: e.caFile,
        CLIENT_CONFIG: JSON.stringify(cfg),
      });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      await expectGraphToken(r.json.accessToken, "1");
    },
  );

  it.skipIf(!pythonProbe.python)(
    `acquire_token_for_client with a certificate (RS256, x5t)`,
    async () => {
      const cfg = {
        clientId: app.appId,
        privateKey: cert.privateKeyPem,
        thumbprint: cert.sha1Hex,
        authority: e.authority(),
        scope: GRAPH_SCOPE,
      };
      const r = await runClient(pythonProbe.python!, [join(CLIENTS_DIR, "msal_client.py")], {
        REQUESTS_CA_BUNDLE: e.caFile,
        CLIENT_CONFIG: JSON.stringify(cfg),
      });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      await expectGraphToken(r.json.accessToken, "2");
    },
  );

  it.skipIf(!pythonProbe.python)(`reports Entra's error for a wrong secret`, async () => {
    const cfg = {
      clientId: app.appId,
      clientSecret: "wrong",
      authority: e.authority(),
      scope: GRAPH_SCOPE,
    };
    const r = await runClient(pythonProbe.python!, [join(CLIENTS_DIR, "msal_client.py")], {
      REQUESTS_CA_BUNDLE: e.caFile,
      CLIENT_CONFIG: JSON.stringify(cfg),
    });
    expect(r.json).toMatchObject({ error: "invalid_client", error_codes: [7000215] });
  });
});
