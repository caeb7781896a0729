/**
 * Workload identity federation: the emulator acts as the external issuer (no network), and the
 * token endpoint matches issuer, audience and subject against the app's federated credentials
 * the way Entra names each mismatch.
 */
import { generateKeyPair } from "node:crypto";
import { promisify } from "node:util";
import { decodeProtectedHeader, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "../../support/emulator";

const GITHUB = "https://token.actions.githubusercontent.com";
const SUBJECT = "repo:contoso/payments:environment:prod";
const EXCHANGE = "api://AzureADTokenExchange";
const GRAPH_SCOPE = "https://graph.microsoft.com/.default";
const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

let e: TestEmulator;
let app: { appId: string; servicePrincipalId: string };

beforeAll(async () => {
  e = await startTestEmulator();
  app = e.directory.createApplication({ displayName: "federated-daemon" });
  e.directory.addFederatedCredential(app.appId, {
    name: "github-prod",
    issuer: GITHUB,
    subject: SUBJECT,
    audiences: [EXCHANGE],
  });
  e.directory.assignAppRole({
    principalAppId: app.appId,
    resourceAppId: e.directory.graphAppId,
    role: "Application.Read.All",
  });
});
afterAll(() => e?.close());

const exchange = (assertion: string) =>
  e.tokenRequest({
    grant_type: "client_credentials",
    client_id: app.appId,
    scope: GRAPH_SCOPE,
    client_assertion_type: JWT_BEARER,
    client_assertion: assertion,
  });

async function foreignAssertion(issuer: string, kid: string): Promise<string> {
  const { privateKey } = await promisify(generateKeyPair)("rsa", { modulusLength: 2048 });
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub: SUBJECT, aud: EXCHANGE })
    .setProtectedHeader({ alg: "RS256", kid })
    .setIssuer(issuer)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + 600)
    .sign(privateKey);
}

describe("federated credentials", () => {
  it("exchanges an issuer's token for an access token through msal-node's clientAssertion callback", async () => {
    const cca = e.msal({
      clientId: app.appId,
      clientAssertion: () =>
        e.federation.mint({ issuer: GITHUB, subject: SUBJECT, audience: EXCHANGE }),
    });
    const result = await cca.acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] });
    const claims = await e.verifyToken(result!.accessToken, {
      version: 1,
      audience: "https://graph.microsoft.com",
    });
    expect(claims).toMatchObject({
      appid: app.appId,
      appidacr: "2",
      oid: app.servicePrincipalId,
      roles: ["Application.Read.All"],
    });
  });

  it.each([
    {
      mismatch: "issuer",
      code: 700211,
      args: { issuer: "https://gitlab.example.com", subject: SUBJECT, audience: EXCHANGE },
      quoted: "https://gitlab.example.com",
    },
    {
      mismatch: "audience",
      code: 700212,
      args: { issuer: GITHUB, subject: SUBJECT, audience: "api://other" },
      quoted: "api://other",
    },
    {
      mismatch: "subject",
      code: 700213,
      args: {
        issuer: GITHUB,
        subject: "repo:contoso/payments:ref:refs/heads/main",
        audience: EXCHANGE,
      },
      quoted: "repo:contoso/payments:ref:refs/heads/main",
    },
    {
      mismatch: "subject case",
      code: 7002138,
      args: { issuer: GITHUB, subject: SUBJECT.toUpperCase(), audience: EXCHANGE },
      quoted: SUBJECT.toUpperCase(),
    },
  ])("names the $mismatch mismatch: AADSTS$code", async ({ code, args, quoted }) => {
    const r = await exchange(await e.federation.mint(args));
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ error: "invalid_client", error_codes: [code] });
    expect(String(r.json.error_description)).toContain(`'${quoted}'`);
  });

  it("rejects an expired external token with AADSTS700024", async () => {
    const r = await exchange(
      await e.federation.mint({
        issuer: GITHUB,
        subject: SUBJECT,
        audience: EXCHANGE,
        notBefore: new Date(Date.now() - 2 * 3600_000),
        lifetimeSeconds: 600,
      }),
    );
    expect(r.json).toMatchObject({ error: "invalid_client", error_codes: [700024] });
  });

  it("fails as Entra does when it cannot reach the issuer (one the emulator holds no keys for): AADSTS50166", async () => {
    const issuer = "https://oidc.unreachable.example";
    e.directory.addFederatedCredential(app.appId, {
      name: "unreachable",
      issuer,
      subject: SUBJECT,
    });
    const r = await exchange(await foreignAssertion(issuer, "k1"));
    expect(r.status).toBe(400);
    expect(r.json.error_codes).toEqual([50166]);
  });

  it("rejects a token signed with a key the issuer does not publish (AADSTS7000272) or a forged signature under its kid (AADSTS700027)", async () => {
    const real = await e.federation.mint({ issuer: GITHUB, subject: SUBJECT, audience: EXCHANGE });
    const unknownKid = await exchange(await foreignAssertion(GITHUB, "not-a-published-kid"));
    expect(unknownKid.json.error_codes).toEqual([7000272]);
    const forged = await exchange(
      await foreignAssertion(GITHUB, String(decodeProtectedHeader(real).kid)),
    );
    expect(forged.json.error_codes).toEqual([700027]);
  });
});
