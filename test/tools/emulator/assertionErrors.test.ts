/**
 * Client assertion (private_key_jwt) errors, each with Entra's status, `error`, code and JSON
 * shape: malformed JWT, unknown or expired certificate, bad signature, time range, audience and
 * subject. Hand-built assertions (jose) cover what msal would never send.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientAssertion } from "../../support/assertions";
import { makeClientCertificate, type ClientCertificate } from "../../support/certs";
import { startTestEmulator, type JsonResponse, type TestEmulator } from "../../support/emulator";
import { expectEntraShape } from "../../support/shapes";

const GRAPH_SCOPE = "https://graph.microsoft.com/.default";
const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

let e: TestEmulator;
let cert: ClientCertificate;
let other: ClientCertificate;
let certApp: { appId: string };

beforeAll(async () => {
  [e, cert, other] = await Promise.all([
    startTestEmulator(),
    makeClientCertificate("registered"),
    makeClientCertificate("unregistered"),
  ]);
  certApp = e.directory.createApplication({ displayName: "errors-cert-daemon" });
  e.directory.addCertificate(certApp.appId, cert.certPem);
});
afterAll(() => e?.close());

const tokenEndpoint = () => `${e.authority()}/oauth2/v2.0/token`;
const assertionForm = async (opts: Parameters<typeof clientAssertion>[1], c = cert) => ({
  grant_type: "client_credentials",
  client_id: certApp.appId,
  scope: GRAPH_SCOPE,
  client_assertion_type: JWT_BEARER,
  client_assertion: await clientAssertion(c, opts),
});
const hourAgo = () => Math.floor(Date.now() / 1000) - 3600;

interface Case {
  name: string;
  code: number;
  status: 400 | 401;
  error: string;
  send: () => Promise<JsonResponse>;
}

const cases: Case[] = [
  {
    name: "malformed assertion",
    code: 50027,
    status: 400,
    error: "invalid_request",
    send: async () =>
      e.tokenRequest({
        ...(await assertionForm({ clientId: certApp.appId, audience: tokenEndpoint() })),
        client_assertion: "not.a.jwt",
      }),
  },
  {
    name: "certificate not registered",
    code: 700027,
    status: 401,
    error: "invalid_client",
    send: async () =>
      e.tokenRequest(
        await assertionForm({ clientId: certApp.appId, audience: tokenEndpoint() }, other),
      ),
  },
  {
    name: "signature by another key under the registered thumbprint",
    code: 700027,
    status: 401,
    error: "invalid_client",
    send: async () =>
      e.tokenRequest(
        await assertionForm({
          clientId: certApp.appId,
          audience: tokenEndpoint(),
          signingKeyPem: other.privateKeyPem,
        }),
      ),
  },
  {
    name: "expired registered certificate",
    code: 700027,
    status: 401,
    error: "invalid_client",
    send: async () => {
      const old = await makeClientCertificate("expired", {
        notBefore: new Date(Date.now() - 10 * 86400_000),
        notAfter: new Date(Date.now() - 86400_000),
      });
      const ids = e.directory.createApplication({ displayName: "expired-cert" });
      e.directory.addCertificate(ids.appId, old.certPem);
      return e.tokenRequest({
        ...(await assertionForm({ clientId: ids.appId, audience: tokenEndpoint() }, old)),
        client_id: ids.appId,
      });
    },
  },
  {
    name: "expired assertion",
    code: 700024,
    status: 401,
    error: "invalid_client",
    send: async () =>
      e.tokenRequest(
        await assertionForm({
          clientId: certApp.appId,
          audience: tokenEndpoint(),
          claims: { nbf: hourAgo() - 600, exp: hourAgo() },
        }),
      ),
  },
  {
    name: "assertion not yet valid",
    code: 700024,
    status: 401,
    error: "invalid_client",
    send: async () =>
      e.tokenRequest(
        await assertionForm({
          clientId: certApp.appId,
          audience: tokenEndpoint(),
          claims: { nbf: hourAgo() + 7200, exp: hourAgo() + 7800 },
        }),
      ),
  },
  {
    name: "assertion for another audience",
    code: 700023,
    status: 401,
    error: "invalid_client",
    send: async () =>
      e.tokenRequest(
        await assertionForm({
          clientId: certApp.appId,
          audience: "https://login.microsoftonline.com/x/oauth2/v2.0/token",
        }),
      ),
  },
  {
    name: "assertion subject is not the client",
    code: 700021,
    status: 401,
    error: "invalid_client",
    send: async () =>
      e.tokenRequest(
        await assertionForm({
          clientId: certApp.appId,
          audience: tokenEndpoint(),
          claims: { sub: randomUUID() },
        }),
      ),
  },
];

describe("client assertion errors", () => {
  it.each(cases)("$name -> AADSTS$code ($status $error)", async (c) => {
    const r = await c.send();
    expect(r.status, r.body).toBe(c.status);
    expect(r.json.error).toBe(c.error);
    expect(r.json.error_codes).toEqual([c.code]);
    expectEntraShape(r.json, c.code, e.authorityHost);
  });

  it("accepts a hand-built RS256 assertion whose aud is the v1 token endpoint or the tenant addressed by domain", async () => {
    for (const audience of [
      `${e.authority()}/oauth2/token`,
      `${e.authority(e.tenantDomain)}/oauth2/v2.0/token`,
    ]) {
      const r = await e.tokenRequest(await assertionForm({ clientId: certApp.appId, audience }));
      expect(r.status, r.body).toBe(200);
    }
  });

  it("accepts x5t#S256 with PS256, and refuses a header without any thumbprint (AADSTS700027)", async () => {
    const ok = await e.tokenRequest(
      await assertionForm({ clientId: certApp.appId, audience: tokenEndpoint(), alg: "PS256" }),
    );
    expect(ok.status, ok.body).toBe(200);
    const none = await e.tokenRequest(
      await assertionForm({
        clientId: certApp.appId,
        audience: tokenEndpoint(),
        thumbprint: "none",
      }),
    );
    expect(none.json.error_codes).toEqual([700027]);
  });
});
