/**
 * The program (infra/program.ts) under Pulumi mocks: what it declares, with which inputs, what it
 * outputs, and that it declares nothing when the config or the tenant's APIs say no.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { DaemonApp } from "../../infra/components/daemonApp";
import { ProtectedApi } from "../../infra/components/protectedApi";
import { RotatingSecret } from "../../infra/components/rotatingSecret";
import { ConfigValidationError } from "../../infra/errors";
import { graphAppRole, MSGRAPH_APP_ID } from "../../infra/msgraph";
import { appRoleId } from "../../infra/roleIds";
import {
  devStackConfig,
  HR_API,
  LEDGER_API,
  TENANT_ID,
  tenantServicePrincipals,
} from "../support/infraConfigs";
import { mockGraph, MockTenant, T } from "../support/pulumiMocks";
import { resolveOutputs, runStack, valueOf, type StackConfig } from "../support/pulumiStack";

const NOW = new Date("2026-11-24T12:00:00Z");
const GRAPH_SP = mockGraph().objectId;

async function runDev(config: StackConfig = devStackConfig()) {
  const run = await runStack(config, new MockTenant(tenantServicePrincipals()), { now: NOW });
  if (run.error) throw run.error;
  return run;
}

const idOf = (role: string) => graphAppRole(role)!.id;
/** Mocks see secret inputs in Pulumi's wire form: { <signature key>: <secret sig>, value }. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const unsecret = (v: unknown): unknown =>
  v && typeof v === "object" && SECRET_SIG in v ? (v as unknown as { value: unknown }).value : v;

describe("resources per API and per app (dev stack)", () => {
  it("registers exactly these resources", async () => {
    const { tenant } = await runDev();
    const names = tenant.resources.filter((r) => r.custom).map((r) => `${r.type} ${r.name}`);
    expect(names.sort()).toEqual(
      [
        `${T.application} orders-api-app`,
        `${T.servicePrincipal} orders-api-sp`,
        `${T.application} graph-reader-app`,
        `${T.servicePrincipal} graph-reader-sp`,
        `${T.password} graph-reader-secret-slot-1`,
        `${T.assignment} graph-reader-grant-microsoft-graph/Group.Read.All`,
        `${T.assignment} graph-reader-grant-microsoft-graph/User.Read.All`,
        `${T.application} orders-sync-app`,
        `${T.servicePrincipal} orders-sync-sp`,
        `${T.certificate} orders-sync-certificate`,
        `${T.assignment} orders-sync-grant-orders-api/Orders.Read.All`,
        `${T.assignment} orders-sync-grant-orders-api/Orders.Write.All`,
        `${T.application} orders-ci-app`,
        `${T.servicePrincipal} orders-ci-sp`,
        `${T.federated} orders-ci-federated`,
        `${T.assignment} orders-ci-grant-orders-api/Orders.Read.All`,
      ].sort(),
    );
    const components = tenant.resources.filter((r) => !r.custom).map((r) => `${r.type} ${r.name}`);
    expect(components.sort()).toEqual(
      [
        `${T.stack} onboarding-test`,
        `${T.protectedApi} orders-api`,
        `${T.daemonApp} graph-reader`,
        `${T.daemonApp} orders-sync`,
        `${T.daemonApp} orders-ci`,
        `${T.rotatingSecret} graph-reader-secret`,
      ].sort(),
    );
  });

  it("registers the API's application with deterministic app roles, its URI and v2 tokens", async () => {
    const { tenant } = await runDev();
    const app = tenant.named(T.application, "orders-api-app");
    expect(app.inputs).toEqual({
      displayName: "Orders API (dev)",
      identifierUris: ["api://contoso-orders-dev"],
      api: { requestedAccessTokenVersion: 2 },
      appRoles: [
        {
          id: appRoleId("orders-api", "Orders.Read.All"),
          value: "Orders.Read.All",
          displayName: "Orders.Read.All",
          description: "Read all orders",
          allowedMemberTypes: ["Application"],
          enabled: true,
        },
        {
          id: appRoleId("orders-api", "Orders.Write.All"),
          value: "Orders.Write.All",
          displayName: "Orders.Write.All",
          description: "Create and update all orders",
          allowedMemberTypes: ["Application"],
          enabled: true,
        },
      ],
    });
    expect(tenant.named(T.servicePrincipal, "orders-api-sp").inputs).toEqual({
      clientId: app.state.clientId,
      appRoleAssignmentRequired: true,
    });
  });

  it("lists each daemon app's requested permissions per resource API", async () => {
    const { tenant } = await runDev();
    const ordersClientId = tenant.named(T.application, "orders-api-app").state.clientId;
    expect(tenant.named(T.application, "graph-reader-app").inputs).toEqual({
      displayName: "graph-reader",
      requiredResourceAccesses: [
        {
          resourceAppId: MSGRAPH_APP_ID,
          resourceAccesses: [
            { id: idOf("Group.Read.All"), type: "Role" },
            { id: idOf("User.Read.All"), type: "Role" },
          ],
        },
      ],
    });
    expect(tenant.named(T.application, "orders-sync-app").inputs.requiredResourceAccesses).toEqual([
      {
        resourceAppId: ordersClientId,
        resourceAccesses: [
          { id: appRoleId("orders-api", "Orders.Read.All"), type: "Role" },
          { id: appRoleId("orders-api", "Orders.Write.All"), type: "Role" },
        ],
      },
    ]);
    for (const name of ["graph-reader", "orders-sync", "orders-ci"]) {
      const app = tenant.named(T.application, `${name}-app`);
      expect(tenant.named(T.servicePrincipal, `${name}-sp`).inputs).toEqual({
        clientId: app.state.clientId,
      });
    }
  });

  it("gives each app its credential on its own application", async () => {
    const { tenant } = await runDev();
    const appId = (name: string) => tenant.named(T.application, `${name}-app`).id;
    expect(tenant.named(T.password, "graph-reader-secret-slot-1").inputs).toEqual({
      applicationId: appId("graph-reader"),
      displayName: "generation 1",
      rotateWhenChanged: { generation: "1" },
      endDateRelative: `${180 * 24}h`,
    });
    const cert = tenant.named(T.certificate, "orders-sync-certificate").inputs;
    expect(cert).toMatchObject({
      applicationId: appId("orders-sync"),
      type: "AsymmetricX509Cert",
      encoding: "pem",
      startDate: "2026-11-24T02:15:06Z",
      endDate: "2028-11-23T02:15:06Z",
    });
    // The provider's SDK marks the certificate value secret; under mocks it arrives wrapped.
    expect(unsecret(cert.value)).toMatch(
      /^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n$/,
    );
    expect(tenant.named(T.federated, "orders-ci-federated").inputs).toEqual({
      applicationId: appId("orders-ci"),
      displayName: "orders-ci-federated",
      issuer: "https://token.actions.githubusercontent.com",
      subject: "repo:contoso/orders:environment:production",
      audiences: ["api://AzureADTokenExchange"],
    });
  });

  it("parents every resource to its component, named after it", async () => {
    const seen: { name: string; parent?: pulumi.Resource }[] = [];
    const run = await runStack(devStackConfig(), new MockTenant(tenantServicePrincipals()), {
      now: NOW,
      before: () =>
        pulumi.runtime.registerStackTransformation((args) => {
          seen.push({ name: args.name, parent: args.opts.parent });
          return undefined;
        }),
    });
    expect(run.error).toBeUndefined();
    const custom = seen.filter(
      (s) => !(s.name in { "orders-api": 1, "graph-reader": 1, "orders-sync": 1, "orders-ci": 1 }),
    );
    for (const { name, parent } of custom) {
      if (name === "graph-reader-secret") {
        expect(parent).toBeInstanceOf(DaemonApp);
        continue;
      }
      if (name.startsWith("graph-reader-secret-slot-")) {
        expect(parent).toBeInstanceOf(RotatingSecret);
        continue;
      }
      const owner = name.startsWith("orders-api-") ? ProtectedApi : DaemonApp;
      expect(parent, name).toBeInstanceOf(owner);
      const parentUrn = await valueOf(parent!.urn);
      expect(name.startsWith(`${parentUrn.split("::").pop()}-`), `${name} under ${parentUrn}`).toBe(
        true,
      );
    }
    expect(custom.length).toBe(17);
  });

  it("applies owners to applications and service principals", async () => {
    const owner = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
    const config = devStackConfig() as Record<string, { owners?: string[] }[]>;
    config["onboarding:apps"][0].owners = [owner];
    config["onboarding:apis"][0].owners = [owner];
    const { tenant } = await runDev(config);
    for (const name of ["graph-reader", "orders-api"]) {
      expect(tenant.named(T.application, `${name}-app`).inputs.owners).toEqual([owner]);
      expect(tenant.named(T.servicePrincipal, `${name}-sp`).inputs.owners).toEqual([owner]);
    }
    expect(tenant.named(T.application, "orders-sync-app").inputs.owners).toBeUndefined();
  });
});

describe("admin consent", () => {
  it("assigns exactly one app role per (app, role) with the right ids", async () => {
    const { tenant } = await runDev();
    const spOf = (name: string) => tenant.named(T.servicePrincipal, `${name}-sp`).state.objectId;
    const ordersSp = spOf("orders-api");
    const expected = [
      {
        appRoleId: idOf("Group.Read.All"),
        principalObjectId: spOf("graph-reader"),
        resourceObjectId: GRAPH_SP,
      },
      {
        appRoleId: idOf("User.Read.All"),
        principalObjectId: spOf("graph-reader"),
        resourceObjectId: GRAPH_SP,
      },
      {
        appRoleId: appRoleId("orders-api", "Orders.Read.All"),
        principalObjectId: spOf("orders-sync"),
        resourceObjectId: ordersSp,
      },
      {
        appRoleId: appRoleId("orders-api", "Orders.Write.All"),
        principalObjectId: spOf("orders-sync"),
        resourceObjectId: ordersSp,
      },
      {
        appRoleId: appRoleId("orders-api", "Orders.Read.All"),
        principalObjectId: spOf("orders-ci"),
        resourceObjectId: ordersSp,
      },
    ];
    const key = (a: Record<string, string>) => `${a.principalObjectId}/${a.appRoleId}`;
    const actual = tenant.ofType(T.assignment).map((r) => r.inputs as Record<string, string>);
    expect(actual.map(key).sort()).toEqual(expected.map(key).sort());
    expect([...actual].sort((a, b) => (key(a) < key(b) ? -1 : 1))).toEqual(
      [...expected].sort((a, b) => (key(a) < key(b) ? -1 : 1)),
    );
  });

  it("grants external APIs' roles with the ids their service principals report", async () => {
    const config: StackConfig = {
      "azuread:tenantId": TENANT_ID,
      "onboarding:apps": [
        {
          name: "payroll",
          credential: { type: "secret" },
          permissions: [
            { api: HR_API.appId, roles: ["Employees.Read.All"] },
            { api: LEDGER_API.appId.toUpperCase(), roles: ["Ledger.Post", "Ledger.Read.All"] },
          ],
        },
      ],
    };
    const { tenant, returned } = await runDev(config);
    const sp = tenant.named(T.servicePrincipal, "payroll-sp").state.objectId;
    expect(
      tenant.named(T.assignment, `payroll-grant-${LEDGER_API.appId}/Ledger.Post`).inputs,
    ).toEqual({
      appRoleId: LEDGER_API.appRoleIds["Ledger.Post"],
      principalObjectId: sp,
      resourceObjectId: LEDGER_API.objectId,
    });
    expect(tenant.ofType(T.assignment)).toHaveLength(3);
    const outputs = await resolveOutputs(returned);
    expect(outputs.apps.payroll.grants).toEqual([
      {
        api: HR_API.appId,
        resourceAppId: HR_API.appId,
        scope: `${HR_API.appId}/.default`,
        roles: ["Employees.Read.All"],
      },
      {
        api: LEDGER_API.appId.toUpperCase(),
        resourceAppId: LEDGER_API.appId,
        scope: `${LEDGER_API.appId}/.default`,
        roles: ["Ledger.Post", "Ledger.Read.All"],
      },
    ]);
  });

  it("treats Graph's appId as Graph: same lookup, same resource names, Graph's scope", async () => {
    const config = devStackConfig() as Record<string, { permissions: { api: string }[] }[]>;
    config["onboarding:apps"][0].permissions[0].api = MSGRAPH_APP_ID;
    const { tenant, returned } = await runDev(config);
    expect(tenant.calls.map((c) => c.inputs.clientId)).toEqual([MSGRAPH_APP_ID]);
    expect(
      tenant.named(T.assignment, "graph-reader-grant-microsoft-graph/User.Read.All"),
    ).toBeDefined();
    const grant = (await resolveOutputs(returned)).apps["graph-reader"].grants[0];
    expect(grant).toMatchObject({
      api: MSGRAPH_APP_ID,
      scope: "https://graph.microsoft.com/.default",
    });
  });
});

describe("stack outputs", () => {
  it("match the contract exactly, with the authority and scopes of the configured cloud", async () => {
    const { tenant, returned } = await runDev();
    const state = (type: string, name: string) => tenant.named(type, name).state;
    const password = state(T.password, "graph-reader-secret-slot-1");
    const ordersApi = state(T.application, "orders-api-app").clientId;
    const ordersGrant = (roles: string[]) => ({
      api: "orders-api",
      resourceAppId: ordersApi,
      scope: "api://contoso-orders-dev/.default",
      roles,
    });
    const outputs = await resolveOutputs(returned);
    expect(outputs).toEqual({
      tenantId: TENANT_ID,
      authorityHost: "https://login.microsoftonline.com",
      apps: {
        "graph-reader": {
          clientId: state(T.application, "graph-reader-app").clientId,
          servicePrincipalObjectId: state(T.servicePrincipal, "graph-reader-sp").objectId,
          credential: {
            type: "secret",
            secret: password.value,
            expiresAt: "2027-05-23T00:00:00Z",
            createdAt: "2026-11-24T00:00:00Z",
            keyId: password.keyId,
          },
          grants: [
            {
              api: "microsoft-graph",
              resourceAppId: MSGRAPH_APP_ID,
              scope: "https://graph.microsoft.com/.default",
              roles: ["Group.Read.All", "User.Read.All"],
            },
          ],
        },
        "orders-sync": {
          clientId: state(T.application, "orders-sync-app").clientId,
          servicePrincipalObjectId: state(T.servicePrincipal, "orders-sync-sp").objectId,
          credential: {
            type: "certificate",
            thumbprint: "A3958F5C4E82E85038B2752BD211F21294023EE8",
            expiresAt: "2028-11-23T02:15:06Z",
            createdAt: "2026-11-24T02:15:06Z",
          },
          grants: [ordersGrant(["Orders.Read.All", "Orders.Write.All"])],
        },
        "orders-ci": {
          clientId: state(T.application, "orders-ci-app").clientId,
          servicePrincipalObjectId: state(T.servicePrincipal, "orders-ci-sp").objectId,
          credential: {
            type: "federated",
            issuer: "https://token.actions.githubusercontent.com",
            subject: "repo:contoso/orders:environment:production",
            audiences: ["api://AzureADTokenExchange"],
          },
          grants: [ordersGrant(["Orders.Read.All"])],
        },
      },
    });
  });

  it("keep the client secret a Pulumi secret and everything else plain", async () => {
    const { returned } = await runDev();
    const apps = returned!.apps;
    const secretCredential = apps["graph-reader"].credential as { secret: pulumi.Input<string> };
    expect(await pulumi.isSecret(pulumi.output(secretCredential.secret))).toBe(true);
    const plain: pulumi.Input<unknown>[] = [
      returned!.tenantId,
      returned!.authorityHost,
      ...Object.values(apps).flatMap((a) => [
        a.clientId,
        a.servicePrincipalObjectId,
        ...Object.entries(a.credential)
          .filter(([k]) => k !== "secret")
          .map(([, v]) => v),
        ...a.grants.flatMap((g) => [g.api, g.resourceAppId, g.scope, ...g.roles]),
      ]),
    ];
    expect(plain.length).toBeGreaterThan(30);
    for (const value of plain) expect(await pulumi.isSecret(pulumi.output(value))).toBe(false);
  });

  it("follow azuread:environment (US Government)", async () => {
    const { returned } = await runDev({
      ...devStackConfig(),
      "azuread:environment": "usgovernment",
    });
    const outputs = await resolveOutputs(returned);
    expect(outputs.authorityHost).toBe("https://login.microsoftonline.us");
    expect(outputs.apps["graph-reader"].grants[0].scope).toBe(
      "https://graph.microsoft.us/.default",
    );
  });

  it("use <appId>/.default for an API of the stack without an identifier URI", async () => {
    const config = devStackConfig() as Record<string, { identifierUri?: string }[]>;
    delete config["onboarding:apis"][0].identifierUri;
    const { tenant, returned } = await runDev(config);
    const app = tenant.named(T.application, "orders-api-app");
    expect(app.inputs.identifierUris).toBeUndefined();
    const outputs = await resolveOutputs(returned);
    expect(outputs.apps["orders-ci"].grants[0].scope).toBe(`${app.state.clientId}/.default`);
  });
});

describe("nothing is declared when", () => {
  const declared = (tenant: MockTenant) => tenant.resources.filter((r) => r.type !== T.stack);

  it("the config is invalid: a RunError listing every issue, no lookups", async () => {
    const config = devStackConfig() as Record<string, unknown>;
    (
      config["onboarding:apps"] as { credential: { lifetimeDays?: number } }[]
    )[0].credential.lifetimeDays = 900;
    config["azuread:tenantId"] = "not-a-guid";
    const { tenant, error } = await runStack(config, new MockTenant(tenantServicePrincipals()), {
      now: NOW,
    });
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect(pulumi.RunError.isInstance(error)).toBe(true);
    const issues = (error as ConfigValidationError).issues;
    expect(issues.map((i) => i.path)).toEqual([
      "azuread:tenantId",
      "onboarding:apps[0].credential.lifetimeDays",
    ]);
    expect((error as Error).message).toBe(
      [
        "The stack config has 2 problems:",
        '  - azuread:tenantId: "not-a-guid" is not a GUID. Fix: Set the directory (tenant) id: pulumi config set azuread:tenantId <tenant GUID>.',
        "  - onboarding:apps[0].credential.lifetimeDays: 900 is above the maximum of 730. Fix: Use a whole number of days from 1 to 730 (default 180).",
      ].join("\n"),
    );
    // A user error: no call stack for the runtime to format (see infra/errors.ts).
    expect((error as Error).stack).not.toMatch(/\n\s+at /);
    expect(declared(tenant)).toEqual([]);
    expect(tenant.calls).toEqual([]);
  });

  it("an external API lacks a requested role: suggestions from its appRoleIds", async () => {
    const config: StackConfig = {
      "azuread:tenantId": TENANT_ID,
      "onboarding:apps": [
        {
          name: "payroll",
          credential: { type: "secret" },
          permissions: [{ api: HR_API.appId, roles: ["Employees.Read", "Self.Read"] }],
        },
      ],
    };
    const { tenant, error } = await runStack(config, new MockTenant(tenantServicePrincipals()), {
      now: NOW,
    });
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as ConfigValidationError).issues).toEqual([
      {
        path: "onboarding:apps[0].permissions[0].roles[0]",
        message: `"Employees.Read" is not an app role of the API with appId ${HR_API.appId} in this tenant. Did you mean Employees.Read.All?`,
        fix: "Use an app role value the API's service principal offers (exact case).",
      },
      expect.objectContaining({
        path: "onboarding:apps[0].permissions[0].roles[1]",
        message: expect.stringMatching(/for users and groups only/),
      }),
    ]);
    expect(tenant.calls).toHaveLength(1);
    expect(declared(tenant)).toEqual([]);
  });

  it("an external API has no service principal in the tenant: one issue per API", async () => {
    const missing = "11111111-2222-4333-8444-555555555555";
    const apps = ["a", "b", "c"].map((name) => ({
      name,
      credential: { type: "secret" },
      permissions: [{ api: missing, roles: ["Anything"] }],
    }));
    const { tenant, error } = await runStack(
      { "azuread:tenantId": TENANT_ID, "onboarding:apps": apps },
      new MockTenant(tenantServicePrincipals()),
      { now: NOW },
    );
    expect((error as ConfigValidationError).issues).toEqual([
      {
        path: "onboarding:apps[0].permissions[0].api",
        message: `No service principal for appId ${missing} could be read in this tenant (service principal not found: No service principal found with application ID: "${missing}"). Also used at 2 other place(s).`,
        fix: `Check the appId; if it is right, create the API's service principal in this tenant (az ad sp create --id ${missing}) and make sure the deploying identity can read service principals.`,
      },
    ]);
    expect(tenant.calls).toHaveLength(1);
    expect(declared(tenant)).toEqual([]);
  });
});
