/**
 * Every AADSTS error the token, discovery and instance endpoints produce for requests, tenants,
 * clients, secrets, scopes and resources: the HTTP status, the OAuth `error`, the code, and
 * Entra's JSON shape (msal-node needs the `error` field to see a failure at all). Assertion
 * errors are in assertionErrors.test.ts.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type JsonResponse, type TestEmulator } from "../../support/emulator";
import { expectEntraShape } from "../../support/shapes";

const GRAPH_SCOPE = "https://graph.microsoft.com/.default";

let e: TestEmulator;
let app: { appId: string; secret: string };

beforeAll(async () => {
  e = await startTestEmulator();
  const ids = e.directory.createApplication({ displayName: "errors-daemon" });
  app = { appId: ids.appId, secret: e.directory.addPassword(ids.appId).secretText };
});
afterAll(() => e?.close());

const secretForm = (extra: Record<string, string> = {}) => ({
  grant_type: "client_credentials",
  client_id: app.appId,
  client_secret: app.secret,
  scope: GRAPH_SCOPE,
  ...extra,
});
const tokenEndpoint = () => `${e.authority()}/oauth2/v2.0/token`;
interface Case {
  name: string;
  code: number;
  status: 400 | 401;
  error: string;
  send: () => Promise<JsonResponse>;
}

const cases: Case[] = [
  {
    name: "unknown tenant",
    code: 90002,
    status: 400,
    error: "invalid_tenant",
    send: () => e.tokenRequest(secretForm(), { tenant: randomUUID() }),
  },
  {
    name: "unknown tenant domain",
    code: 90002,
    status: 400,
    error: "invalid_tenant",
    send: () => e.tokenRequest(secretForm(), { tenant: "nobody.onmicrosoft.com" }),
  },
  {
    name: "/common for client credentials",
    code: 50059,
    status: 400,
    error: "invalid_request",
    send: () => e.tokenRequest(secretForm(), { tenant: "common" }),
  },
  {
    name: "missing grant_type",
    code: 900144,
    status: 400,
    error: "invalid_request",
    send: () =>
      e.tokenRequest({ client_id: app.appId, client_secret: app.secret, scope: GRAPH_SCOPE }),
  },
  {
    name: "unsupported grant",
    code: 70003,
    status: 400,
    error: "unsupported_grant_type",
    send: () => e.tokenRequest(secretForm({ grant_type: "password" })),
  },
  {
    name: "unknown client",
    code: 700016,
    status: 400,
    error: "unauthorized_client",
    send: () => e.tokenRequest(secretForm({ client_id: randomUUID() })),
  },
  {
    name: "no credential",
    code: 7000218,
    status: 401,
    error: "invalid_client",
    send: () =>
      e.tokenRequest({
        grant_type: "client_credentials",
        client_id: app.appId,
        scope: GRAPH_SCOPE,
      }),
  },
  {
    name: "wrong secret",
    code: 7000215,
    status: 401,
    error: "invalid_client",
    send: () =>
      e.tokenRequest(
        secretForm({
          client_secret: app.secret.slice(0, -1) + (app.secret.endsWith("x") ? "y" : "x"),
        }),
      ),
  },
  {
    name: "expired secret",
    code: 7000222,
    status: 401,
    error: "invalid_client",
    send: () => {
      const ids = e.directory.createApplication({ displayName: "expired" });
      const s = e.directory.addPassword(ids.appId, {
        startDateTime: new Date(Date.now() - 90 * 86400_000),
        endDateTime: new Date(Date.now() - 86400_000),
      });
      return e.tokenRequest(secretForm({ client_id: ids.appId, client_secret: s.secretText }));
    },
  },
  {
    name: "missing scope",
    code: 70011,
    status: 400,
    error: "invalid_scope",
    send: () => e.tokenRequest(secretForm({ scope: "" })),
  },
  {
    name: "two resources",
    code: 70011,
    status: 400,
    error: "invalid_scope",
    send: () => e.tokenRequest(secretForm({ scope: `${GRAPH_SCOPE} api://other/.default` })),
  },
  {
    name: "a named permission instead of /.default",
    code: 1002012,
    status: 400,
    error: "invalid_scope",
    send: () => e.tokenRequest(secretForm({ scope: "https://graph.microsoft.com/User.Read.All" })),
  },
  {
    name: "unknown resource",
    code: 500011,
    status: 400,
    error: "invalid_resource",
    send: () => e.tokenRequest(secretForm({ scope: "api://nobody-here/.default" })),
  },
  {
    name: "disabled resource",
    code: 500014,
    status: 400,
    error: "invalid_resource",
    send: () => {
      const api = e.directory.createApplication({
        displayName: "disabled-api",
        identifierUris: ["api://disabled-api"],
      });
      e.directory.setServicePrincipalEnabled(api.appId, false);
      return e.tokenRequest(secretForm({ scope: "api://disabled-api/.default" }));
    },
  },
  {
    name: "no role on a resource that requires assignment",
    code: 501051,
    status: 400,
    error: "invalid_grant",
    send: async () => {
      const api = e.directory.createApplication({
        displayName: "assigned-only-api",
        identifierUris: ["api://assigned-only"],
        appRoles: [{ value: "Data.Read" }],
      });
      const patch = await e.graph("PATCH", `/servicePrincipals(appId='${api.appId}')`, {
        appRoleAssignmentRequired: true,
      });
      expect(patch.status).toBe(204);
      return e.tokenRequest(secretForm({ scope: "api://assigned-only/.default" }));
    },
  },
  {
    name: "disabled client",
    code: 7000112,
    status: 400,
    error: "unauthorized_client",
    send: () => {
      const ids = e.directory.createApplication({ displayName: "disabled-client" });
      const s = e.directory.addPassword(ids.appId);
      e.directory.setServicePrincipalEnabled(ids.appId, false);
      return e.tokenRequest(secretForm({ client_id: ids.appId, client_secret: s.secretText }));
    },
  },
  {
    name: "client without a service principal",
    code: 7000229,
    status: 401,
    error: "invalid_client",
    send: async () => {
      const created = await e.graph("POST", "/applications", { displayName: "no-sp" });
      const pw = await e.graph("POST", `/applications/${created.json.id}/addPassword`, {
        passwordCredential: {},
      });
      return e.tokenRequest(
        secretForm({
          client_id: String(created.json.appId),
          client_secret: String(pw.json.secretText),
        }),
      );
    },
  },
  {
    name: "GET on the token endpoint",
    code: 900561,
    status: 400,
    error: "invalid_request",
    send: async () => ({ ...(await e.http.request("GET", tokenEndpoint())), json: {} }),
  },
];

describe("token endpoint errors", () => {
  it.each(cases)("$name -> AADSTS$code ($status $error)", async (c) => {
    const r = await c.send();
    const body = JSON.parse(r.body) as Record<string, unknown>;
    expect(r.status, r.body).toBe(c.status);
    expect(body.error).toBe(c.error);
    expect(body.error_codes).toEqual([c.code]);
    expectEntraShape(body, c.code, e.authorityHost);
  });

  it("echoes the caller's client-request-id as correlation_id", async () => {
    const cid = randomUUID();
    const r = await e.tokenRequest(secretForm({ client_secret: "nope" }), {
      headers: { "client-request-id": cid },
    });
    expect(r.json.correlation_id).toBe(cid);
    expect(String(r.json.error_description)).toContain(`Correlation ID: ${cid}`);
    expect(r.headers["client-request-id"]).toBe(cid);
  });

  it("msal-node turns the error into a ServerError carrying the code", async () => {
    const cca = e.msal({ clientId: randomUUID(), clientSecret: "x" });
    await expect(
      cca.acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] }),
    ).rejects.toMatchObject({ errorCode: "unauthorized_client", errorNo: 700016 });
  });
});

describe("discovery errors", () => {
  it("answers 90002 for an unknown tenant's OpenID configuration", async () => {
    const r = await e.http.request(
      "GET",
      `${e.authorityHost}/${randomUUID()}/v2.0/.well-known/openid-configuration`,
    );
    expect(r.status).toBe(400);
    expectEntraShape(JSON.parse(r.body), 90002, e.authorityHost);
  });

  it("answers 50049 for instance discovery of a host it does not serve", async () => {
    for (const host of [
      "https://login.microsoftonline.com",
      "https://evil.example",
      "http://127.0.0.1:1",
    ]) {
      const r = await e.http.request(
        "GET",
        `${e.authorityHost}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${host}/x/oauth2/v2.0/authorize`)}`,
      );
      expect(r.status).toBe(400);
      const body = JSON.parse(r.body);
      expect(body.error).toBe("invalid_instance");
      expectEntraShape(body, 50049, e.authorityHost);
    }
  });
});

describe("appRoleAssignmentRequired", () => {
  it("issues the token once the client holds a role on the resource", async () => {
    const api = e.directory.createApplication({
      displayName: "assigned-api",
      identifierUris: ["api://assigned-api"],
      appRoles: [{ value: "Data.Read" }],
    });
    await e.graph("PATCH", `/servicePrincipals(appId='${api.appId}')`, {
      appRoleAssignmentRequired: true,
    });
    const ids = e.directory.createApplication({ displayName: "assigned-client" });
    const secret = e.directory.addPassword(ids.appId).secretText;
    const form = {
      grant_type: "client_credentials",
      client_id: ids.appId,
      client_secret: secret,
      scope: "api://assigned-api/.default",
    };
    expect((await e.tokenRequest(form)).json.error_codes).toEqual([501051]);
    e.directory.assignAppRole({
      principalAppId: ids.appId,
      resourceAppId: api.appId,
      role: "Data.Read",
    });
    const ok = await e.tokenRequest(form);
    expect(ok.status).toBe(200);
    const claims = await e.verifyToken(String(ok.json.access_token), {
      version: 1,
      audience: "api://assigned-api",
    });
    expect(claims.roles).toEqual(["Data.Read"]);
  });
});
