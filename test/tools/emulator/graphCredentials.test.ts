/**
 * Application credentials through Graph, as the azuread provider manages them: certificates
 * by PATCHing keyCredentials, addKey with proof of possession, federated identity credentials.
 */
import { createHash, generateKeyPairSync, randomUUID } from "node:crypto";
import { SignJWT, importPKCS8 } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeClientCertificate, type ClientCertificate } from "../../support/certs";
import { startTestEmulator, type TestEmulator } from "../../support/emulator";
import { der64, expectGraphError } from "../../support/shapes";

let e: TestEmulator;
let cert: ClientCertificate;
let cert2: ClientCertificate;

beforeAll(async () => {
  [e, cert, cert2] = await Promise.all([
    startTestEmulator(),
    makeClientCertificate("graph-1"),
    makeClientCertificate("graph-2"),
  ]);
});
afterAll(() => e?.close());

describe("application credentials", () => {
  it("adds and removes certificates by PATCHing keyCredentials with key:null for the stored ones, as azuread_application_certificate does", async () => {
    const { id, appId } = (await e.graph("POST", "/applications", { displayName: "cert-app" }))
      .json as { id: string; appId: string };
    await e.graph("POST", "/servicePrincipals", { appId });
    const first = {
      keyId: randomUUID(),
      type: "AsymmetricX509Cert",
      usage: "Verify",
      key: der64(cert),
      displayName: "CN=graph-1",
    };
    expect(
      (await e.graph("PATCH", `/applications/${id}`, { keyCredentials: [first] })).status,
    ).toBe(204);
    const read = await e.graph("GET", `/applications/${id}`);
    const stored = read.json.keyCredentials as Record<string, unknown>[];
    expect(stored).toEqual([
      expect.objectContaining({
        keyId: first.keyId,
        key: null,
        type: "AsymmetricX509Cert",
        usage: "Verify",
        customKeyIdentifier: createHash("sha1")
          .update(Buffer.from(der64(cert), "base64"))
          .digest("base64"),
      }),
    ]);
    const selected = await e.graph("GET", `/applications/${id}?$select=keyCredentials`);
    expect((selected.json.keyCredentials as { key: string }[])[0].key).toBe(der64(cert));

    const second = {
      keyId: randomUUID(),
      type: "AsymmetricX509Cert",
      usage: "Verify",
      key: der64(cert2),
    };
    expect(
      (await e.graph("PATCH", `/applications/${id}`, { keyCredentials: [...stored, second] }))
        .status,
    ).toBe(204);
    const cca = e.msal({
      clientId: appId,
      clientCertificate: { thumbprintSha256: cert2.sha256Hex, privateKey: cert2.privateKeyPem },
    });
    expect(
      (
        await cca.acquireTokenByClientCredential({
          scopes: ["https://graph.microsoft.com/.default"],
        })
      )?.accessToken,
    ).toBeTruthy();

    const unknown = await e.graph("PATCH", `/applications/${id}`, {
      keyCredentials: [{ keyId: randomUUID(), key: null }],
    });
    expectGraphError(unknown, 400, "Request_BadRequest");
    const both = (await e.graph("GET", `/applications/${id}`)).json.keyCredentials as Record<
      string,
      unknown
    >[];
    expect(both.map((k) => k.keyId)).toEqual([first.keyId, second.keyId]);
    await e.graph("PATCH", `/applications/${id}`, {
      keyCredentials: both.filter((k) => k.keyId !== first.keyId),
    });
    expect(
      ((await e.graph("GET", `/applications/${id}`)).json.keyCredentials as unknown[]).length,
    ).toBe(1);
  });

  it("adds a key with addKey only with proof of possession of a key already on the app", async () => {
    const { id } = (
      await e.graph("POST", "/applications", {
        displayName: "addkey-app",
        keyCredentials: [{ type: "AsymmetricX509Cert", usage: "Verify", key: der64(cert) }],
      })
    ).json as { id: string };
    const now = Math.floor(Date.now() / 1000);
    const proof = await new SignJWT({})
      .setProtectedHeader({ alg: "RS256" })
      .setAudience("00000002-0000-0000-c000-000000000000")
      .setIssuer(id)
      .setNotBefore(now)
      .setExpirationTime(now + 600)
      .sign(await importPKCS8(cert.privateKeyPem, "RS256"));
    const body = {
      keyCredential: { type: "AsymmetricX509Cert", usage: "Verify", key: der64(cert2) },
      passwordCredential: null,
      proof,
    };
    const added = await e.graph("POST", `/applications/${id}/addKey`, body);
    expect(added.status, added.body).toBe(200);
    expect(added.json).toMatchObject({ type: "AsymmetricX509Cert", usage: "Verify", key: null });
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: "RS256" })
      .setAudience("00000002-0000-0000-c000-000000000000")
      .setIssuer(id)
      .setNotBefore(now)
      .setExpirationTime(now + 600)
      .sign(generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey);
    expectGraphError(
      await e.graph("POST", `/applications/${id}/addKey`, { ...body, proof: forged }),
      400,
      "Request_BadRequest",
    );
  });

  it("manages federated identity credentials with Graph's validation", async () => {
    const { id } = (await e.graph("POST", "/applications", { displayName: "fic-app" })).json as {
      id: string;
    };
    const fic = {
      name: "github-main",
      issuer: "https://token.actions.githubusercontent.com",
      subject: "repo:c/r:ref:refs/heads/main",
      audiences: ["api://AzureADTokenExchange"],
    };
    const created = await e.graph("POST", `/applications/${id}/federatedIdentityCredentials`, fic);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ ...fic, description: null });
    expect(
      (await e.graph("GET", `/applications/${id}/federatedIdentityCredentials`)).json.value,
    ).toEqual([expect.objectContaining(fic)]);
    expectGraphError(
      await e.graph("POST", `/applications/${id}/federatedIdentityCredentials`, {
        ...fic,
        name: "two",
        audiences: ["a", "b"],
      }),
      400,
      "Request_BadRequest",
    );
    expectGraphError(
      await e.graph("POST", `/applications/${id}/federatedIdentityCredentials`, fic),
      400,
      "Request_BadRequest",
    );
    expect(
      (
        await e.graph(
          "DELETE",
          `/applications/${id}/federatedIdentityCredentials/${created.json.id}`,
        )
      ).status,
    ).toBe(204);
    expect(
      (await e.graph("GET", `/applications/${id}/federatedIdentityCredentials`)).json.value,
    ).toEqual([]);
  });
});
