/**
 * The emulator-backed mocks: the real program, run under them, leaves exactly the objects
 * `pulumi up` would create in the emulated tenant (read back through Graph), with the tenant's
 * ids in the outputs; anything the rehearsal cannot map fails loudly.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRoleId } from "../../../infra/roleIds";
import { MSGRAPH_APP_ID } from "../../../infra/msgraph";
import type { StackOutputs } from "../../../infra/outputs";
import { EmulatorMocks } from "../../../tools/rehearse/emulatorMocks";
import { GraphClient } from "../../../tools/rehearse/graphClient";
import { runProgramUnderMocks } from "../../../tools/rehearse/programUnderMocks";
import { provisionedOutputs } from "../../../tools/rehearse/provisioned";
import { rehearsalConfig } from "../../../tools/rehearse/rehearsalConfig";
import { startTestEmulator, type TestEmulator } from "../../support/emulator";
import { devStackDocument } from "../../support/rehearsal";
import { TENANT_ID } from "../../support/infraConfigs";

type Json = Record<string, unknown>;

async function provision(emu: TestEmulator, config: Json) {
  const prepared = await rehearsalConfig(config, "Pulumi.test.yaml");
  const mocks = new EmulatorMocks(new GraphClient(emu.http, emu));
  const run = await runProgramUnderMocks(prepared.programConfig, mocks, "test");
  return { mocks, outputs: provisionedOutputs(mocks, run, "Pulumi.test.yaml") };
}

describe("the sample stack, provisioned through the emulator's Graph", () => {
  let emu: TestEmulator;
  let mocks: EmulatorMocks;
  let outputs: StackOutputs;
  const get = async (path: string) => {
    const r = await emu.graph("GET", path);
    expect(r.status, r.body).toBe(200);
    return r.json;
  };

  beforeAll(async () => {
    emu = await startTestEmulator({ tenantId: TENANT_ID });
    ({ mocks, outputs } = await provision(emu, devStackDocument().config));
  });
  afterAll(() => emu.close());

  it("creates exactly one application and service principal per API and app", async () => {
    const apps = (await get("/applications")).value as Json[];
    // The emulator's own admin app, the API and three daemon apps; nothing else.
    expect(apps.map((a) => a.displayName).sort()).toEqual(
      [
        "Orders API (dev)",
        "graph-reader",
        "onboard emulator admin",
        "orders-ci",
        "orders-sync",
      ].sort(),
    );
    const sps = (await get("/servicePrincipals")).value as Json[];
    expect(sps).toHaveLength(6); // those five and Microsoft Graph
    for (const [name, app] of Object.entries(outputs.apps)) {
      const sp = sps.find((s) => s.appId === app.clientId);
      expect(sp?.id, name).toBe(app.servicePrincipalObjectId);
      expect(apps.find((a) => a.appId === app.clientId)?.displayName).toBe(name);
    }
    expect(mocks.failures).toEqual([]);
    expect(mocks.skipped).toBe(0);
  });

  it("registers the API as the provider would: roles with the stable ids, v2 tokens, assignment required", async () => {
    const api = emu.directory.application(
      mocks.ledger.applications.find((a) => a.name === "orders-api-app")!.appId,
    )!;
    expect(api).toMatchObject({
      displayName: "Orders API (dev)",
      identifierUris: ["api://contoso-orders-dev"],
      signInAudience: "AzureADMyOrg",
      api: { requestedAccessTokenVersion: 2 },
    });
    expect(api.appRoles).toEqual([
      expect.objectContaining({
        id: appRoleId("orders-api", "Orders.Read.All"),
        value: "Orders.Read.All",
        description: "Read all orders",
        allowedMemberTypes: ["Application"],
        isEnabled: true,
      }),
      expect.objectContaining({ id: appRoleId("orders-api", "Orders.Write.All") }),
    ]);
    expect(emu.directory.servicePrincipal(String(api.appId))).toMatchObject({
      appRoleAssignmentRequired: true,
    });
  });

  it("lists each daemon app's requested permissions (requiredResourceAccess)", async () => {
    const reader = emu.directory.application(outputs.apps["graph-reader"].clientId)!;
    expect(reader.requiredResourceAccess).toEqual([
      {
        resourceAppId: MSGRAPH_APP_ID,
        resourceAccess: ["Group.Read.All", "User.Read.All"].map((v) => ({
          id: emu.directory.graphRoleId(v),
          type: "Role",
        })),
      },
    ]);
  });

  it("adds each credential once: the secret, the (throwaway) certificate, the federated credential", async () => {
    const app = (name: string) => emu.directory.application(outputs.apps[name].clientId)!;
    const secret = outputs.apps["graph-reader"].credential;
    expect(secret.type).toBe("secret");
    if (secret.type !== "secret") return;
    expect(app("graph-reader").passwordCredentials).toEqual([
      expect.objectContaining({ keyId: secret.keyId, endDateTime: secret.expiresAt }),
    ]);
    expect(app("graph-reader").keyCredentials).toEqual([]);

    const cert = outputs.apps["orders-sync"].credential;
    if (cert.type !== "certificate") throw new Error("orders-sync is a certificate app");
    const keys = app("orders-sync").keyCredentials as Json[];
    expect(keys).toHaveLength(1);
    // Graph's customKeyIdentifier is the SHA-1 thumbprint (base64) of the DER certificate.
    expect(
      Buffer.from(String(keys[0].customKeyIdentifier), "base64").toString("hex").toUpperCase(),
    ).toBe(cert.thumbprint);
    expect(keys[0]).toMatchObject({
      type: "AsymmetricX509Cert",
      usage: "Verify",
      endDateTime: cert.expiresAt,
      startDateTime: cert.createdAt,
    });
    expect(cert.expiresAt).toBe("2028-11-23T02:15:06Z"); // the sample's, lifetimeDays 730

    const fics = (await get(`/applications/${app("orders-ci").id}/federatedIdentityCredentials`))
      .value as Json[];
    expect(fics).toEqual([
      expect.objectContaining({
        name: "orders-ci-federated",
        issuer: "https://token.actions.githubusercontent.com",
        subject: "repo:contoso/orders:environment:production",
        audiences: ["api://AzureADTokenExchange"],
      }),
    ]);
  });

  it("grants each role with one assignment: the right appRoleId, principal and resource", async () => {
    const graphSp = emu.directory.servicePrincipal(MSGRAPH_APP_ID)!;
    const ordersSp = mocks.ledger.servicePrincipals.get(
      mocks.ledger.assignments.find((a) => a.name.startsWith("orders-ci-grant"))!.resourceId,
    )!;
    const expected = [
      ["graph-reader", graphSp.id, emu.directory.graphRoleId("Group.Read.All")],
      ["graph-reader", graphSp.id, emu.directory.graphRoleId("User.Read.All")],
      ["orders-sync", ordersSp.objectId, appRoleId("orders-api", "Orders.Read.All")],
      ["orders-sync", ordersSp.objectId, appRoleId("orders-api", "Orders.Write.All")],
      ["orders-ci", ordersSp.objectId, appRoleId("orders-api", "Orders.Read.All")],
    ];
    const actual: unknown[][] = [];
    for (const [name, app] of Object.entries(outputs.apps)) {
      const held = (
        await get(`/servicePrincipals/${app.servicePrincipalObjectId}/appRoleAssignments`)
      ).value as Json[];
      for (const a of held) {
        expect(a.principalId).toBe(app.servicePrincipalObjectId);
        actual.push([name, a.resourceId, a.appRoleId]);
      }
    }
    const sort = (rows: unknown[][]) => rows.map((r) => r.join(" ")).sort();
    expect(sort(actual)).toEqual(sort(expected));
    // What the ledger (and so the plan) says is what the tenant holds.
    expect(
      sort(mocks.ledger.assignments.map((a) => [a.principalId, a.resourceId, a.appRoleId])),
    ).toEqual(
      sort(
        expected.map(([name, resource, role]) => [
          outputs.apps[name as string].servicePrincipalObjectId,
          resource,
          role,
        ]),
      ),
    );
  });
});

describe("secret rotation", () => {
  it("generation 2 keeps the previous secret and answers with the new one", async () => {
    const emu = await startTestEmulator({ tenantId: TENANT_ID });
    try {
      const config = devStackDocument().config;
      const apps = config["onboarding:apps"] as { credential: Json }[];
      apps[0].credential.generation = 2;
      const { outputs } = await provision(emu, config);
      const secret = outputs.apps["graph-reader"].credential;
      if (secret.type !== "secret") throw new Error("graph-reader is a secret app");
      const passwords = emu.directory.application(outputs.apps["graph-reader"].clientId)!
        .passwordCredentials as Json[];
      expect(passwords.map((p) => p.displayName).sort()).toEqual(["generation 1", "generation 2"]);
      expect(passwords.find((p) => p.displayName === "generation 2")!.keyId).toBe(secret.keyId);
    } finally {
      await emu.close();
    }
  });
});
