/**
 * Offline validation (infra/validation), without Pulumi: every rule of the issue's list, each with
 * the path it reports and its message, and the guarantee that all problems come back together.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { validateStackConfig } from "../../infra/validation/validateConfig";
import { formatIssues, type ConfigIssue } from "../../infra/validation/issues";
import { devStackConfig, TENANT_ID } from "../support/infraConfigs";
import { makeClientCertificate, type ClientCertificate } from "../support/certs";
import type { StackConfig } from "../support/pulumiStack";

const NOW = new Date("2026-11-24T12:00:00Z");

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Mutable = any;

function base(): StackConfig {
  return {
    "azuread:tenantId": TENANT_ID,
    "onboarding:apis": [
      {
        name: "orders-api",
        identifierUri: "api://contoso-orders-test",
        appRoles: [
          { value: "Orders.Read.All", description: "Read all orders" },
          { value: "Orders.Write.All", description: "Write all orders" },
        ],
      },
    ],
    "onboarding:apps": [
      {
        name: "reader",
        credential: { type: "secret" },
        permissions: [
          { api: "microsoft-graph", roles: ["User.Read.All"] },
          { api: "orders-api", roles: ["Orders.Read.All"] },
        ],
      },
      {
        name: "ci",
        credential: {
          type: "federated",
          issuer: "https://token.actions.githubusercontent.com",
          subject: "repo:contoso/orders:environment:production",
        },
        permissions: [{ api: "orders-api", roles: ["Orders.Read.All"] }],
      },
    ],
  };
}

function edited(edit: (c: Mutable) => void): StackConfig {
  const c = structuredClone(base()) as Mutable;
  edit(c);
  return c;
}

const apps = (c: Mutable) => c["onboarding:apps"];
const apis = (c: Mutable) => c["onboarding:apis"];

function issuesOf(config: StackConfig): ConfigIssue[] {
  const r = validateStackConfig(config, { now: NOW });
  return r.ok ? [] : r.issues;
}

let certs: Record<"valid" | "expired" | "ec" | "old", ClientCertificate>;
beforeAll(async () => {
  certs = {
    valid: await makeClientCertificate("onboarding-test", {
      notBefore: new Date("2026-11-01T00:00:00Z"),
      notAfter: new Date("2027-11-01T00:00:00Z"),
    }),
    expired: await makeClientCertificate("onboarding-test", {
      notBefore: new Date("2025-01-01T00:00:00Z"),
      notAfter: new Date("2026-01-01T00:00:00Z"),
    }),
    ec: await makeClientCertificate("onboarding-test", {
      notBefore: new Date("2026-11-01T00:00:00Z"),
      notAfter: new Date("2027-11-01T00:00:00Z"),
      key: "ec",
    }),
    old: await makeClientCertificate("onboarding-test", {
      notBefore: new Date("2024-01-01T00:00:00Z"),
      notAfter: new Date("2028-01-01T00:00:00Z"),
    }),
  };
});

const certApp =
  (pem: () => string, extra: Record<string, unknown> = {}) =>
  (c: Mutable) => {
    apps(c)[0].credential = { type: "certificate", certificatePem: pem(), ...extra };
  };

interface Case {
  rule: string;
  edit: (c: Mutable) => void;
  path: string;
  message: RegExp;
  fix?: RegExp;
}

const cases: Case[] = [
  // unknown keys
  {
    rule: "unknown project config key",
    edit: (c) => (c["onboarding:app"] = []),
    path: "onboarding:app",
    message: /^Unknown config key\. Did you mean onboarding:apps/,
    fix: /pulumi config rm onboarding:app/,
  },
  {
    rule: "unknown key in an app",
    edit: (c) => (apps(c)[0].permission = []),
    path: "onboarding:apps[0].permission",
    message: /^Unknown key "permission"\. Did you mean permissions\?/,
    fix: /accepts: name, displayName, description, owners, credential, permissions, allowPrivileged/,
  },
  {
    rule: "key of another credential type",
    edit: (c) => (apps(c)[1].credential.generation = 2),
    path: "onboarding:apps[1].credential.generation",
    message: /^Unknown key "generation"/,
    fix: /accepts: type, issuer, subject, audiences, description/,
  },
  {
    rule: "unknown key in an app role",
    edit: (c) => (apis(c)[0].appRoles[0].id = "x"),
    path: "onboarding:apis[0].appRoles[0].id",
    message: /^Unknown key "id"/,
    fix: /accepts: value, description, displayName/,
  },
  // duplicate names
  {
    rule: "duplicate app name",
    edit: (c) => (apps(c)[1].name = "reader"),
    path: "onboarding:apps[1].name",
    message: /^Duplicate app name "reader" \(first at onboarding:apps\[0\]\.name\)/,
  },
  {
    rule: "duplicate API name",
    edit: (c) => apis(c).push(structuredClone(apis(c)[0])),
    path: "onboarding:apis[1].name",
    message: /^Duplicate API name "orders-api"/,
  },
  {
    rule: "duplicate identifierUri",
    edit: (c) => apis(c).push({ ...structuredClone(apis(c)[0]), name: "orders-v2" }),
    path: "onboarding:apis[1].identifierUri",
    message: /^Duplicate identifierUri "api:\/\/contoso-orders-test"/,
  },
  {
    rule: "duplicate app role value",
    edit: (c) => apis(c)[0].appRoles.push({ value: "Orders.Read.All", description: "again" }),
    path: "onboarding:apis[0].appRoles[2].value",
    message: /^Duplicate app role value "Orders.Read.All"/,
  },
  {
    rule: "duplicate owner",
    edit: (c) => (apps(c)[0].owners = [TENANT_ID, TENANT_ID]),
    path: "onboarding:apps[0].owners[1]",
    message: /^Duplicate owner/,
  },
  {
    rule: "duplicate role in a permission",
    edit: (c) => apps(c)[0].permissions[0].roles.push("User.Read.All"),
    path: "onboarding:apps[0].permissions[0].roles[1]",
    message: /^Duplicate role "User.Read.All"/,
  },
  {
    rule: "the same API twice (alias and Graph's appId)",
    edit: (c) =>
      apps(c)[0].permissions.push({
        api: "00000003-0000-0000-C000-000000000000",
        roles: ["Group.Read.All"],
      }),
    path: "onboarding:apps[0].permissions[2].api",
    message: /is the same API as permissions\[0\] \("microsoft-graph"\)/,
    fix: /Merge/,
  },
  // API references
  {
    rule: "unknown api reference, with suggestion",
    edit: (c) => (apps(c)[0].permissions[1].api = "order-api"),
    path: "onboarding:apps[0].permissions[1].api",
    message: /^Unknown API "order-api"\. Did you mean orders-api\?/,
    fix: /microsoft-graph, an appId GUID, or a name from onboarding:apis \(orders-api\)/,
  },
  {
    rule: "reserved API name (the Graph alias)",
    edit: (c) => (apis(c)[0].name = "microsoft-graph"),
    path: "onboarding:apis[0].name",
    message: /is reserved/,
  },
  {
    rule: "reserved API name (a GUID)",
    edit: (c) => (apis(c)[0].name = "5b1a9c3e-7d2f-4e8a-b6c4-0f3e2d1a9b87"),
    path: "onboarding:apis[0].name",
    message: /is reserved: permissions\[\]\.api reads it as an appId/,
  },
  // empty roles
  {
    rule: "empty roles",
    edit: (c) => (apps(c)[0].permissions[0].roles = []),
    path: "onboarding:apps[0].permissions[0].roles",
    message: /^Must not be empty\./,
    fix: /one or more app role values/,
  },
  {
    rule: "blank role",
    edit: (c) => (apps(c)[0].permissions[0].roles = [" "]),
    path: "onboarding:apps[0].permissions[0].roles[0]",
    message: /^Must not be blank\./,
  },
  {
    rule: "API without app roles",
    edit: (c) => (apis(c)[0].appRoles = []),
    path: "onboarding:apis[0].appRoles",
    message: /^Must not be empty\./,
  },
  // lifetimes and generations
  {
    rule: "lifetime below range",
    edit: (c) => (apps(c)[0].credential.lifetimeDays = 0),
    path: "onboarding:apps[0].credential.lifetimeDays",
    message: /^0 is below the minimum of 1\./,
    fix: /from 1 to 730 \(default 180\)/,
  },
  {
    rule: "lifetime above range",
    edit: (c) => (apps(c)[0].credential.lifetimeDays = 731),
    path: "onboarding:apps[0].credential.lifetimeDays",
    message: /^731 is above the maximum of 730\./,
  },
  {
    rule: "fractional lifetime",
    edit: (c) => (apps(c)[0].credential.lifetimeDays = 1.5),
    path: "onboarding:apps[0].credential.lifetimeDays",
    message: /^Expected a whole number, got a number 1\.5\./,
  },
  {
    rule: "lifetime as text",
    edit: (c) => (apps(c)[0].credential.lifetimeDays = "180"),
    path: "onboarding:apps[0].credential.lifetimeDays",
    message: /^Expected a number, got a string "180"\./,
  },
  {
    rule: "generation below 1",
    edit: (c) => (apps(c)[0].credential.generation = 0),
    path: "onboarding:apps[0].credential.generation",
    message: /^0 is below the minimum of 1\./,
    fix: /increase it by one to rotate/,
  },
  // guids
  {
    rule: "tenant id missing",
    edit: (c) => delete c["azuread:tenantId"],
    path: "azuread:tenantId",
    message: /^Is not set\./,
    fix: /pulumi config set azuread:tenantId/,
  },
  {
    rule: "tenant id malformed",
    edit: (c) => (c["azuread:tenantId"] = "contoso.onmicrosoft.com"),
    path: "azuread:tenantId",
    message: /^"contoso.onmicrosoft.com" is not a GUID\./,
  },
  {
    rule: "owner malformed",
    edit: (c) => (apps(c)[0].owners = ["alice@contoso.com"]),
    path: "onboarding:apps[0].owners[0]",
    message: /^"alice@contoso.com" is not a GUID\./,
    fix: /object ids \(GUIDs\)/,
  },
  // URIs
  {
    rule: "identifierUri not a URI",
    edit: (c) => (apis(c)[0].identifierUri = "contoso orders"),
    path: "onboarding:apis[0].identifierUri",
    message: /^"contoso orders" is not a URI\./,
  },
  {
    rule: "identifierUri with a scheme Entra refuses",
    edit: (c) => (apis(c)[0].identifierUri = "ftp://orders"),
    path: "onboarding:apis[0].identifierUri",
    message: /uses ftp:; Entra takes api:, https: or urn:/,
  },
  {
    rule: "identifierUri with a trailing slash",
    edit: (c) => (apis(c)[0].identifierUri = "api://orders/"),
    path: "onboarding:apis[0].identifierUri",
    message: /ends with "\/"/,
  },
  {
    rule: "issuer over http",
    edit: (c) => (apps(c)[1].credential.issuer = "http://token.actions.githubusercontent.com"),
    path: "onboarding:apps[1].credential.issuer",
    message: /is not an https URL\./,
  },
  {
    rule: "issuer not a URL",
    edit: (c) => (apps(c)[1].credential.issuer = "github"),
    path: "onboarding:apps[1].credential.issuer",
    message: /^"github" is not an https URL\./,
  },
  // federated details
  {
    rule: "two audiences",
    edit: (c) => (apps(c)[1].credential.audiences = ["api://AzureADTokenExchange", "other"]),
    path: "onboarding:apps[1].credential.audiences",
    message: /^Has 2 entries; at most 1 allowed\./,
  },
  {
    rule: "missing subject",
    edit: (c) => delete apps(c)[1].credential.subject,
    path: "onboarding:apps[1].credential.subject",
    message: /^subject is required\./,
  },
  // credential type
  {
    rule: "unknown credential type",
    edit: (c) => (apps(c)[0].credential.type = "password"),
    path: "onboarding:apps[0].credential.type",
    message: /^"password" is not a credential type\./,
    fix: /secret, certificate or federated/,
  },
  {
    rule: "missing credential",
    edit: (c) => delete apps(c)[0].credential,
    path: "onboarding:apps[0].credential",
    message: /^credential is required\./,
  },
  // certificates
  {
    rule: "certificate that does not parse",
    edit: certApp(() => "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----"),
    path: "onboarding:apps[0].credential.certificatePem",
    message: /^Does not parse as an X\.509 certificate/,
  },
  {
    rule: "not PEM at all",
    edit: certApp(() => "MIIB..."),
    path: "onboarding:apps[0].credential.certificatePem",
    message: /^Is not a PEM certificate/,
  },
  {
    rule: "private key in config",
    edit: certApp(() => certs.valid.certPem + certs.valid.privateKeyPem),
    path: "onboarding:apps[0].credential.certificatePem",
    message: /PRIVATE KEY\. The private key must never go in stack config/,
    fix: /only the public certificate/,
  },
  {
    rule: "expired certificate",
    edit: certApp(() => certs.expired.certPem),
    path: "onboarding:apps[0].credential.certificatePem",
    message: /^The certificate expired on 2026-01-01T00:00:00Z\./,
  },
  {
    rule: "non-RSA certificate",
    edit: certApp(() => certs.ec.certPem),
    path: "onboarding:apps[0].credential.certificatePem",
    message: /ec key; Entra accepts only RSA keys/,
  },
  {
    rule: "a chain instead of one certificate",
    edit: certApp(() => certs.valid.certPem + certs.old.certPem),
    path: "onboarding:apps[0].credential.certificatePem",
    message: /^Holds 2 certificates\./,
  },
  {
    rule: "lifetime counted from the certificate's start already over",
    edit: certApp(() => certs.old.certPem, { lifetimeDays: 180 }),
    path: "onboarding:apps[0].credential.certificatePem",
    message:
      /lifetimeDays 180 counted from the certificate's start \(2024-01-01T00:00:00Z\) ends on 2024-06-29T00:00:00Z, already past/,
  },
  // roles
  {
    rule: "tier-0 Graph permission without a reason",
    edit: (c) => apps(c)[0].permissions[0].roles.push("RoleManagement.ReadWrite.Directory"),
    path: "onboarding:apps[0].permissions[0].roles[1]",
    message: /^RoleManagement\.ReadWrite\.Directory is a tier-0 Microsoft Graph permission/,
    fix: /allowPrivileged\.reason/,
  },
  {
    rule: "blank privileged reason",
    edit: (c) => {
      apps(c)[0].permissions[0].roles.push("Application.ReadWrite.All");
      apps(c)[0].allowPrivileged = { reason: "  " };
    },
    path: "onboarding:apps[0].allowPrivileged.reason",
    message: /^Must not be blank\./,
  },
  {
    rule: "misspelt Graph permission",
    edit: (c) => (apps(c)[0].permissions[0].roles = ["User.Read.Al"]),
    path: "onboarding:apps[0].permissions[0].roles[0]",
    message:
      /^"User.Read.Al" is not an application permission of Microsoft Graph\. Did you mean User\.Read\.All/,
  },
  {
    rule: "delegated scope instead of an application permission",
    edit: (c) => (apps(c)[0].permissions[0].roles = ["User.Read"]),
    path: "onboarding:apps[0].permissions[0].roles[0]",
    message: /Did you mean User\.Read\.All/,
    fix: /delegated-only scopes such as User\.Read cannot be granted/,
  },
  {
    rule: "wrong case",
    edit: (c) => (apps(c)[0].permissions[0].roles = ["user.read.all"]),
    path: "onboarding:apps[0].permissions[0].roles[0]",
    message: /Did you mean User\.Read\.All\?/,
  },
  {
    rule: "disabled Graph permission",
    edit: (c) => (apps(c)[0].permissions[0].roles = ["AgentCard.Read.All"]),
    path: "onboarding:apps[0].permissions[0].roles[0]",
    message: /^AgentCard\.Read\.All is a disabled Microsoft Graph permission/,
  },
  {
    rule: "removed Graph permission",
    edit: (c) => (apps(c)[0].permissions[0].roles = ["Directory.Write.Restricted"]),
    path: "onboarding:apps[0].permissions[0].roles[0]",
    message: /^Directory\.Write\.Restricted was removed from Microsoft Graph/,
  },
  {
    rule: "role the stack's own API does not define",
    edit: (c) => (apps(c)[1].permissions[0].roles = ["Orders.Read"]),
    path: "onboarding:apps[1].permissions[0].roles[0]",
    message: /^"Orders.Read" is not an app role of orders-api\. Did you mean Orders\.Read\.All/,
    fix: /or add it to onboarding:apis\[0\]\.appRoles/,
  },
  // names, values, types
  {
    rule: "name with spaces",
    edit: (c) => (apps(c)[0].name = "billing worker"),
    path: "onboarding:apps[0].name",
    message: /^"billing worker" is not a valid name\./,
  },
  {
    rule: "app role value with a space",
    edit: (c) => (apis(c)[0].appRoles[0].value = "Orders Read"),
    path: "onboarding:apis[0].appRoles[0].value",
    message: /^"Orders Read" is not a valid value\./,
    fix: /no spaces/,
  },
  {
    rule: "unknown environment",
    edit: (c) => (c["azuread:environment"] = "usgov"),
    path: "azuread:environment",
    message: /^Unknown environment "usgov"\. Did you mean usgovernment/,
  },
  {
    rule: "apps written as a mapping",
    edit: (c) => (c["onboarding:apps"] = { reader: {} }),
    path: "onboarding:apps",
    message: /^Expected a list, got a mapping\./,
  },
  {
    rule: "an app that is not a mapping",
    edit: (c) => apps(c).push("billing-worker"),
    path: "onboarding:apps[2]",
    message: /^Expected a mapping \(key: value\), got a string "billing-worker"\./,
  },
  {
    rule: "permissions as a single string",
    edit: (c) => (apps(c)[0].permissions = "User.Read.All"),
    path: "onboarding:apps[0].permissions",
    message: /^Expected a list, got a string/,
  },
];

describe("validateStackConfig", () => {
  it("accepts the committed dev stack and the base config", () => {
    expect(issuesOf(devStackConfig())).toEqual([]);
    expect(validateStackConfig(devStackConfig(), { now: NOW }).ok).toBe(true);
    expect(issuesOf(base())).toEqual([]);
  });

  it.each(cases)("$rule -> $path", ({ edit, path, message, fix }) => {
    const issues = issuesOf(edited(edit));
    const atPath = issues.filter((i) => i.path === path);
    expect(atPath, formatIssues(issues)).toHaveLength(1);
    expect(atPath[0].message).toMatch(message);
    if (fix) expect(atPath[0].fix).toMatch(fix);
    for (const issue of issues) {
      expect(issue.path).toMatch(/^(onboarding|azuread):/);
      expect(issue.message.length).toBeGreaterThan(5);
      expect(issue.fix.length).toBeGreaterThan(5);
    }
  });

  it("reports every problem at once, in config order, even several in one entry", () => {
    const config = edited((c) => {
      c["azuread:tenantId"] = "nope";
      apis(c)[0].identifierUri = "api://orders/";
      apps(c)[0].credential.lifetimeDays = 900;
      apps(c)[0].permissions[0].roles = ["User.Read.Al", "RoleManagement.ReadWrite.Directory"];
      apps(c)[0].permissions.push({ api: "orders", roles: [] });
      apps(c)[1].credential.issuer = "http://x";
      apps(c)[1].permissions[0].roles = ["Orders.Read"];
    });
    const issues = issuesOf(config);
    expect(issues.map((i) => i.path)).toEqual([
      "azuread:tenantId",
      "onboarding:apis[0].identifierUri",
      "onboarding:apps[0].credential.lifetimeDays",
      "onboarding:apps[0].permissions[0].roles[0]",
      "onboarding:apps[0].permissions[0].roles[1]",
      "onboarding:apps[0].permissions[2].api",
      "onboarding:apps[0].permissions[2].roles",
      "onboarding:apps[1].credential.issuer",
      "onboarding:apps[1].permissions[0].roles[0]",
    ]);
  });

  it("never echoes a pasted PEM, private key included, in its messages", () => {
    const issues = issuesOf(edited(certApp(() => certs.valid.certPem + certs.valid.privateKeyPem)));
    const body = certs.valid.privateKeyPem.split("\n")[1];
    expect(formatIssues(issues)).not.toContain(body.slice(0, 20));
    expect(formatIssues(issues)).not.toContain(certs.valid.certPem.split("\n")[1].slice(0, 20));
  });

  it("allows a tier-0 permission with a reason", () => {
    const config = edited((c) => {
      apps(c)[0].permissions[0].roles.push("Application.ReadWrite.All");
      apps(c)[0].allowPrivileged = {
        reason: "Provisions app registrations for tenants we onboard",
      };
    });
    expect(issuesOf(config)).toEqual([]);
  });

  it("does not report an app's references to an API whose own entry is broken", () => {
    const config = edited((c) => (apis(c)[0].identifierUri = 42));
    expect(issuesOf(config).map((i) => i.path)).toEqual(["onboarding:apis[0].identifierUri"]);
  });

  it("reads the JSON strings the engine passes like parsed YAML", () => {
    const asEngine = Object.fromEntries(
      Object.entries(base()).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    );
    const a = validateStackConfig(asEngine, { now: NOW });
    const b = validateStackConfig(base(), { now: NOW });
    expect(a).toEqual(b);
    expect(issuesOf({ ...asEngine, "onboarding:apps": "not json" })[0]).toMatchObject({
      path: "onboarding:apps",
      message: 'Expected a list, got "not json".',
    });
  });

  it("applies defaults and resolves references", () => {
    const r = validateStackConfig(
      edited((c) =>
        apps(c)[0].permissions.push({
          api: "5B1A9C3E-7D2F-4E8A-B6C4-0F3E2D1A9B87",
          roles: ["X.Y"],
        }),
      ),
      { now: NOW },
    );
    if (!r.ok) throw new Error(formatIssues(r.issues));
    expect(r.config.tenantId).toBe(TENANT_ID);
    expect(r.config.cloud.name).toBe("public");
    expect(r.config.apps[0].credential).toEqual({
      type: "secret",
      lifetimeDays: 180,
      generation: 1,
    });
    expect(r.config.apps[1].credential).toMatchObject({
      audiences: ["api://AzureADTokenExchange"],
    });
    expect(r.config.apps[0].displayName).toBe("reader");
    expect(r.config.apps[0].permissions.map((p) => p.target)).toEqual([
      { kind: "graph", appId: "00000003-0000-0000-c000-000000000000", key: "microsoft-graph" },
      { kind: "own", name: "orders-api", key: "orders-api" },
      // External roles are checked at deploy time; the appId is normalised to lowercase.
      {
        kind: "external",
        appId: "5b1a9c3e-7d2f-4e8a-b6c4-0f3e2d1a9b87",
        key: "5b1a9c3e-7d2f-4e8a-b6c4-0f3e2d1a9b87",
      },
    ]);
  });

  it("dates a certificate credential from the certificate: min(notAfter, notBefore + lifetimeDays)", () => {
    const dated = (lifetimeDays: number) => {
      const r = validateStackConfig(edited(certApp(() => certs.valid.certPem, { lifetimeDays })), {
        now: NOW,
      });
      if (!r.ok) throw new Error(formatIssues(r.issues));
      return r.config.apps[0].credential;
    };
    expect(dated(30)).toMatchObject({
      certificate: { startDate: "2026-11-01T00:00:00Z", endDate: "2026-12-01T00:00:00Z" },
    });
    expect(dated(730)).toMatchObject({ certificate: { endDate: "2027-11-01T00:00:00Z" } });
  });
});
