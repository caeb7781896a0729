import type { INetworkModule, NetworkRequestOptions } from "@azure/msal-node";
import { ConfidentialClientApplication } from "@azure/msal-node";
import { decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MsalNetworkClient } from "../../../tools/net/msalNetworkClient";
import { makeClientCertificate, type ClientCertificate } from "../../support/certs";
import { startTestEmulator, type TestEmulator } from "../../support/emulator";

const GRAPH = "https://graph.microsoft.com";

let e: TestEmulator;
let cert: ClientCertificate;

beforeAll(async () => {
  [e, cert] = await Promise.all([startTestEmulator(), makeClientCertificate()]);
});
afterAll(() => e?.close());

/** A daemon app with a secret and, optionally, Graph roles. */
function daemon(roles: string[] = []) {
  const app = e.directory.createApplication({ displayName: `daemon-${Math.random()}` });
  const { secretText } = e.directory.addPassword(app.appId);
  for (const role of roles)
    e.directory.assignAppRole({
      principalAppId: app.appId,
      resourceAppId: e.directory.graphAppId,
      role,
    });
  return { ...app, secret: secretText };
}

/** msal's network module, recording what msal sends (to check the assertion it signed). */
class Recording implements INetworkModule {
  readonly posts: string[] = [];
  readonly urls: string[] = [];
  constructor(private readonly inner: INetworkModule) {}
  sendGetRequestAsync<T>(url: string, o?: NetworkRequestOptions) {
    this.urls.push(`GET ${url.split("?")[0]}`);
    return this.inner.sendGetRequestAsync<T>(url, o);
  }
  sendPostRequestAsync<T>(url: string, o?: NetworkRequestOptions) {
    this.posts.push(o?.body ?? "");
    this.urls.push(`POST ${url.split("?")[0]}`);
    return this.inner.sendPostRequestAsync<T>(url, o);
  }
}

describe("msal-node, unmodified, against the emulator", () => {
  it("gets a v1 Graph token with a client secret that verifies against the discovery JWKS, with exactly the assigned roles", async () => {
    const app = daemon(["User.Read.All", "Group.Read.All"]);
    const result = await e
      .msal({ clientId: app.appId, clientSecret: app.secret })
      .acquireTokenByClientCredential({ scopes: [`${GRAPH}/.default`] });
    expect(result?.tokenType).toBe("Bearer");
    const claims = await e.verifyToken(result!.accessToken, { version: 1, audience: GRAPH });
    expect(claims).toMatchObject({
      ver: "1.0",
      iss: `https://sts.windows.net/${e.tenantId}/`,
      aud: GRAPH,
      appid: app.appId,
      appidacr: "1",
      idtyp: "app",
      oid: app.servicePrincipalId,
      sub: app.servicePrincipalId,
      tid: e.tenantId,
    });
    expect([...(claims.roles as string[])].sort()).toEqual(["Group.Read.All", "User.Read.All"]);
    expect(claims.azp).toBeUndefined();
    expect(typeof claims.uti).toBe("string");
    const lifetime = claims.exp! - Math.floor(Date.now() / 1000);
    expect(lifetime).toBeGreaterThan(3000);
    expect(lifetime).toBeLessThanOrEqual(3600);
    expect(claims.nbf).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });

  it("issues v2 tokens for a resource whose app asks for them: iss {authority}/{tid}/v2.0, aud = its appId, azp/azpacr", async () => {
    const api = e.directory.createApplication({
      displayName: "api-v2",
      identifierUris: ["api://orders-v2"],
      appRoles: [{ value: "Orders.Read" }],
      requestedAccessTokenVersion: 2,
    });
    const app = daemon();
    e.directory.assignAppRole({
      principalAppId: app.appId,
      resourceAppId: api.appId,
      role: "Orders.Read",
    });
    const result = await e
      .msal({ clientId: app.appId, clientSecret: app.secret })
      .acquireTokenByClientCredential({ scopes: ["api://orders-v2/.default"] });
    const claims = await e.verifyToken(result!.accessToken, { version: 2, audience: api.appId });
    expect(claims).toMatchObject({
      ver: "2.0",
      iss: `${e.authorityHost}/${e.tenantId}/v2.0`,
      aud: api.appId,
      azp: app.appId,
      azpacr: "1",
      idtyp: "app",
      oid: app.servicePrincipalId,
      tid: e.tenantId,
      roles: ["Orders.Read"],
    });
    expect(claims.appid).toBeUndefined();
    expect(claims.appidacr).toBeUndefined();
  });

  it("issues v1 tokens for a v1 resource, with aud exactly as requested (identifier URI or appId), and omits roles when none are assigned", async () => {
    const api = e.directory.createApplication({
      displayName: "api-v1",
      identifierUris: ["api://orders-v1"],
      appRoles: [{ value: "Orders.Write" }],
    });
    const app = daemon();
    const cca = e.msal({ clientId: app.appId, clientSecret: app.secret });
    const byUri = await cca.acquireTokenByClientCredential({
      scopes: ["api://orders-v1/.default"],
    });
    const c1 = await e.verifyToken(byUri!.accessToken, { version: 1, audience: "api://orders-v1" });
    expect(c1.ver).toBe("1.0");
    expect("roles" in c1).toBe(false);
    const byAppId = await cca.acquireTokenByClientCredential({ scopes: [`${api.appId}/.default`] });
    const c2 = await e.verifyToken(byAppId!.accessToken, { version: 1, audience: api.appId });
    expect(c2.appid).toBe(app.appId);
  });

  it("authenticates with a certificate as msal signs it with thumbprintSha256: PS256 and x5t#S256", async () => {
    const app = e.directory.createApplication({ displayName: "cert-daemon-s256" });
    e.directory.addCertificate(app.appId, cert.certPem);
    e.directory.assignAppRole({
      principalAppId: app.appId,
      resourceAppId: e.directory.graphAppId,
      role: "Application.Read.All",
    });
    const recording = new Recording(new MsalNetworkClient(e.http));
    const cca = new ConfidentialClientApplication({
      auth: {
        clientId: app.appId,
        authority: e.authority(),
        knownAuthorities: [new URL(e.authorityHost).host],
        clientCertificate: { thumbprintSha256: cert.sha256Hex, privateKey: cert.privateKeyPem },
      },
      system: { networkClient: recording },
    });
    const result = await cca.acquireTokenByClientCredential({ scopes: [`${GRAPH}/.default`] });
    const claims = await e.verifyToken(result!.accessToken, { version: 1, audience: GRAPH });
    expect(claims).toMatchObject({
      appid: app.appId,
      appidacr: "2",
      roles: ["Application.Read.All"],
    });
    const assertion = new URLSearchParams(recording.posts[0]).get("client_assertion")!;
    const header = decodeProtectedHeader(assertion);
    expect(header.alg).toBe("PS256");
    expect(
      Buffer.from(header["x5t#S256"] as string, "base64url")
        .toString("hex")
        .toUpperCase(),
    ).toBe(cert.sha256Hex);
  });

  it("authenticates with a certificate as msal signs it with a SHA-1 thumbprint: RS256 and x5t", async () => {
    const app = e.directory.createApplication({ displayName: "cert-daemon-sha1" });
    e.directory.addCertificate(app.appId, cert.certPem);
    const recording = new Recording(new MsalNetworkClient(e.http));
    const cca = new ConfidentialClientApplication({
      auth: {
        clientId: app.appId,
        authority: e.authority(),
        knownAuthorities: [new URL(e.authorityHost).host],
        clientCertificate: { thumbprint: cert.sha1Hex, privateKey: cert.privateKeyPem },
      },
      system: { networkClient: recording },
    });
    const result = await cca.acquireTokenByClientCredential({ scopes: [`${GRAPH}/.default`] });
    expect(
      (await e.verifyToken(result!.accessToken, { version: 1, audience: GRAPH })).appidacr,
    ).toBe("2");
    const header = decodeProtectedHeader(
      new URLSearchParams(recording.posts[0]).get("client_assertion")!,
    );
    expect(header.alg).toBe("RS256");
    expect(
      Buffer.from(header.x5t as string, "base64url")
        .toString("hex")
        .toUpperCase(),
    ).toBe(cert.sha1Hex);
  });

  it("accepts the tenant by verified domain, for discovery and for the token endpoint", async () => {
    const app = daemon();
    const recording = new Recording(new MsalNetworkClient(e.http));
    const cca = new ConfidentialClientApplication({
      auth: {
        clientId: app.appId,
        clientSecret: app.secret,
        authority: e.authority(e.tenantDomain),
        knownAuthorities: [new URL(e.authorityHost).host],
      },
      system: { networkClient: recording },
    });
    const result = await cca.acquireTokenByClientCredential({ scopes: [`${GRAPH}/.default`] });
    expect(recording.urls).toEqual([
      `GET ${e.authority(e.tenantDomain)}/v2.0/.well-known/openid-configuration`,
      `POST ${e.authority(e.tenantDomain)}/oauth2/v2.0/token`,
    ]);
    expect((await e.verifyToken(result!.accessToken, { version: 1, audience: GRAPH })).tid).toBe(
      e.tenantId,
    );
  });

  it("serves instance discovery that msal accepts as cloudDiscoveryMetadata (no call to login.microsoftonline.com)", async () => {
    const url = `${e.authorityHost}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${e.authority()}/oauth2/v2.0/authorize`)}`;
    const metadata = await e.http.request("GET", url);
    expect(metadata.status).toBe(200);
    expect(JSON.parse(metadata.body).tenant_discovery_endpoint).toBe(
      `${e.authority()}/v2.0/.well-known/openid-configuration`,
    );
    const app = daemon();
    const recording = new Recording(new MsalNetworkClient(e.http));
    const cca = new ConfidentialClientApplication({
      auth: {
        clientId: app.appId,
        clientSecret: app.secret,
        authority: e.authority(),
        cloudDiscoveryMetadata: metadata.body,
      },
      system: { networkClient: recording },
    });
    const result = await cca.acquireTokenByClientCredential({ scopes: [`${GRAPH}/.default`] });
    expect(result?.accessToken).toBeTruthy();
  });

  it("accepts client_secret_basic (HTTP Basic) as well as client_secret_post", async () => {
    const app = daemon();
    const basic = Buffer.from(
      `${encodeURIComponent(app.appId)}:${encodeURIComponent(app.secret)}`,
    ).toString("base64");
    const r = await e.tokenRequest(
      { grant_type: "client_credentials", scope: `${GRAPH}/.default` },
      { headers: { authorization: `Basic ${basic}` } },
    );
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599 });
    expect(
      (await e.verifyToken(String(r.json.access_token), { version: 1, audience: GRAPH })).appid,
    ).toBe(app.appId);
  });

  it("serves the v1 token endpoint with resource= and v1's string-valued answer", async () => {
    const app = daemon();
    const r = await e.tokenRequest(
      {
        grant_type: "client_credentials",
        client_id: app.appId,
        client_secret: app.secret,
        resource: GRAPH,
      },
      { path: "/oauth2/token" },
    );
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ token_type: "Bearer", expires_in: "3599", resource: GRAPH });
    expect(
      (await e.verifyToken(String(r.json.access_token), { version: 1, audience: GRAPH })).ver,
    ).toBe("1.0");
  });
});
