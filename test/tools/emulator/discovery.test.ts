/** OpenID discovery (v2, v1, multi-tenant) and JWKS, in the shapes msal and token validators read. */
import { createPublicKey, X509Certificate } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "../../support/emulator";

let e: TestEmulator;
beforeAll(async () => {
  e = await startTestEmulator();
});
afterAll(() => e?.close());

const get = async (path: string) => {
  const r = await e.http.request("GET", `${e.authorityHost}${path}`);
  expect(r.status, r.body).toBe(200);
  return JSON.parse(r.body) as Record<string, unknown>;
};

describe("discovery", () => {
  it("serves the v2 document for the tenant by id or domain, always naming the tenant by id", async () => {
    for (const t of [e.tenantId, e.tenantDomain]) {
      const doc = await get(`/${t}/v2.0/.well-known/openid-configuration`);
      expect(doc).toMatchObject({
        issuer: `${e.authorityHost}/${e.tenantId}/v2.0`,
        token_endpoint: `${e.authorityHost}/${e.tenantId}/oauth2/v2.0/token`,
        authorization_endpoint: `${e.authorityHost}/${e.tenantId}/oauth2/v2.0/authorize`,
        jwks_uri: `${e.authorityHost}/${e.tenantId}/discovery/v2.0/keys`,
        token_endpoint_auth_methods_supported: [
          "client_secret_post",
          "private_key_jwt",
          "client_secret_basic",
        ],
        id_token_signing_alg_values_supported: ["RS256"],
      });
    }
  });

  it("serves the v1 document with the sts.windows.net issuer", async () => {
    const doc = await get(`/${e.tenantId}/.well-known/openid-configuration`);
    expect(doc).toMatchObject({
      issuer: `https://sts.windows.net/${e.tenantId}/`,
      token_endpoint: `${e.authorityHost}/${e.tenantId}/oauth2/token`,
      jwks_uri: `${e.authorityHost}/common/discovery/keys`,
    });
  });

  it("keeps the {tenantid} placeholder for /common and /organizations, as Entra does", async () => {
    for (const t of ["common", "organizations"]) {
      const doc = await get(`/${t}/v2.0/.well-known/openid-configuration`);
      expect(doc.issuer).toBe(`${e.authorityHost}/{tenantid}/v2.0`);
      expect(doc.token_endpoint).toBe(`${e.authorityHost}/common/oauth2/v2.0/token`);
    }
  });

  it("publishes RSA keys with kid = x5t (SHA-1 thumbprint) and an x5c certificate holding the same key", async () => {
    for (const path of [
      `/${e.tenantId}/discovery/v2.0/keys`,
      "/common/discovery/v2.0/keys",
      "/common/discovery/keys",
    ]) {
      const { keys } = (await get(path)) as { keys: Record<string, unknown>[] };
      expect(keys.length).toBeGreaterThanOrEqual(1);
      for (const k of keys) {
        expect(k).toMatchObject({ kty: "RSA", use: "sig", e: "AQAB" });
        expect(k.kid).toBe(k.x5t);
        const cert = new X509Certificate(Buffer.from((k.x5c as string[])[0], "base64"));
        expect(Buffer.from(cert.fingerprint.replace(/:/g, ""), "hex").toString("base64url")).toBe(
          k.x5t,
        );
        const jwk = createPublicKey({
          key: { kty: "RSA", n: k.n as string, e: k.e as string },
          format: "jwk",
        });
        expect(cert.publicKey.equals(jwk)).toBe(true);
      }
      if (path.includes("v2.0")) expect(keys[0].issuer).toMatch(/\/v2\.0$/);
      else expect(keys[0].issuer).toBeUndefined();
    }
  });
});
