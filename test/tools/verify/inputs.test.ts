import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseStackOutputs } from "../../../tools/verify/outputsSchema";
import { targetsFromOutputs } from "../../../tools/verify/targets";
import { targetFromEnvironment } from "../../../tools/verify/envTarget";
import { UsageError } from "../../../tools/errors";
import type { StackOutputs } from "../../../infra/outputs";

const TENANT = "11111111-2222-3333-4444-555555555555";
const outputs = (): StackOutputs => ({
  tenantId: TENANT,
  authorityHost: "https://login.microsoftonline.com",
  apps: {
    "billing-worker": {
      clientId: "aaaaaaaa-0000-0000-0000-000000000001",
      servicePrincipalObjectId: "bbbbbbbb-0000-0000-0000-000000000001",
      credential: {
        type: "secret",
        secret: "s3cr3t-value",
        expiresAt: "2027-05-01T00:00:00Z",
        createdAt: "2026-11-01T00:00:00Z",
      },
      grants: [
        {
          api: "microsoft-graph",
          resourceAppId: "00000003-0000-0000-c000-000000000000",
          scope: "https://graph.microsoft.com/.default",
          roles: ["User.Read.All"],
        },
      ],
    },
    "orders-caller": {
      clientId: "aaaaaaaa-0000-0000-0000-000000000002",
      servicePrincipalObjectId: "bbbbbbbb-0000-0000-0000-000000000002",
      credential: {
        type: "certificate",
        thumbprint: "A".repeat(40),
        expiresAt: "2027-05-01T00:00:00Z",
      },
      grants: [
        {
          api: "orders-api",
          resourceAppId: "cccccccc-0000-0000-0000-000000000001",
          scope: "api://contoso-orders-dev/.default",
          roles: ["Orders.Read.All"],
        },
      ],
    },
    "ci-job": {
      clientId: "aaaaaaaa-0000-0000-0000-000000000003",
      servicePrincipalObjectId: "bbbbbbbb-0000-0000-0000-000000000003",
      credential: {
        type: "federated",
        issuer: "https://token.actions.githubusercontent.com",
        subject: "repo:contoso/orders:environment:production",
        audiences: ["api://AzureADTokenExchange"],
      },
      grants: [],
    },
  },
});

async function usageError(p: Promise<unknown> | (() => unknown)): Promise<UsageError> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return e as UsageError;
  }
  throw new Error("expected a UsageError");
}

describe("parseStackOutputs", () => {
  it("accepts the contract and ignores extra stack outputs", () => {
    const parsed = parseStackOutputs({ ...outputs(), somethingElse: 1 }, "x");
    expect(Object.keys(parsed.apps)).toEqual(["billing-worker", "orders-caller", "ci-job"]);
  });

  it("names every bad JSON path at once", async () => {
    const bad = outputs() as unknown as {
      apps: Record<string, { clientId: string; grants: { scope: string }[] }>;
    };
    bad.apps["billing-worker"].clientId = "not-a-guid";
    bad.apps["billing-worker"].grants[0].scope = "https://graph.microsoft.com";
    const e = await usageError(() => parseStackOutputs(bad, "outputs.json"));
    expect(e.message).toContain("apps.billing-worker.clientId: expected a GUID");
    expect(e.message).toContain(
      "apps.billing-worker.grants.0.scope: expected '<resource>/.default'",
    );
    expect(e.hint).toMatch(/pulumi stack output --json --show-secrets/);
  });

  it("explains masked secrets", async () => {
    const o = outputs();
    (o.apps["billing-worker"].credential as { secret: string }).secret = "[secret]";
    const e = await usageError(() => parseStackOutputs(o, "stack dev"));
    expect(e.message).toMatch(/masked/);
    expect(e.hint).toMatch(/--show-secrets/);
  });
});

describe("targetsFromOutputs", () => {
  const none = { apps: [], certificates: [], federatedTokens: [] };

  it("lists all missing key material in one error", async () => {
    const e = await usageError(targetsFromOutputs(outputs(), none));
    expect(e.message).toContain("--certificate orders-caller=");
    expect(e.message).toContain("--federated-token ci-job=");
    expect(e.message).toContain("AAAAAAAAAA");
  });

  it("selects apps with --app and maps grants to checks", async () => {
    const [t] = await targetsFromOutputs(outputs(), { ...none, apps: ["billing-worker"] });
    expect(t).toMatchObject({
      name: "billing-worker",
      tenantId: TENANT,
      clientId: "aaaaaaaa-0000-0000-0000-000000000001",
      credential: { type: "secret", secret: "s3cr3t-value", createdAt: "2026-11-01T00:00:00Z" },
      checks: [
        {
          resource: "microsoft-graph",
          scope: "https://graph.microsoft.com/.default",
          resourceAppId: "00000003-0000-0000-c000-000000000000",
          expectedRoles: ["User.Read.All"],
        },
      ],
    });
  });

  it("rejects unknown --app names, naming the known ones", async () => {
    const e = await usageError(targetsFromOutputs(outputs(), { ...none, apps: ["nope"] }));
    expect(e.message).toMatch(
      /--app nope: not in the stack outputs \(apps: billing-worker, orders-caller, ci-job\)/,
    );
  });

  it("reads federated tokens from the named file at use time", async () => {
    const dir = mkdtempSync(join(tmpdir(), "verify-"));
    const file = join(dir, "token");
    writeFileSync(file, "first\n");
    const [t] = await targetsFromOutputs(outputs(), {
      ...none,
      apps: ["ci-job"],
      federatedTokens: [`ci-job=${file}`],
    });
    if (t.credential.type !== "federated") throw new Error("expected federated");
    expect(await t.credential.assertion()).toBe("first");
    writeFileSync(file, "rotated");
    expect(await t.credential.assertion()).toBe("rotated");
  });

  it("rejects malformed name=path flags", async () => {
    const e = await usageError(
      targetsFromOutputs(outputs(), { ...none, certificates: ["orders-caller"] }),
    );
    expect(e.message).toMatch(/expected <app name>=<path>/);
  });
});

describe("targetFromEnvironment", () => {
  const base = { expectRole: [] as string[], cloud: "public" };

  it("names every missing input at once", async () => {
    const e = await usageError(targetFromEnvironment(base, {}));
    for (const s of ["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "--scope"])
      expect(e.message).toContain(s);
  });

  it("lets flags override the environment and defaults the authority from --cloud", async () => {
    const t = await targetFromEnvironment(
      {
        ...base,
        cloud: "china",
        clientId: "aaaaaaaa-0000-0000-0000-0000000000ff",
        scope: "https://microsoftgraph.chinacloudapi.cn/.default",
        expectRole: ["User.Read.All"],
      },
      {
        AZURE_TENANT_ID: TENANT,
        AZURE_CLIENT_ID: "aaaaaaaa-0000-0000-0000-000000000001",
        AZURE_CLIENT_SECRET: "x",
      },
    );
    expect(t.clientId).toBe("aaaaaaaa-0000-0000-0000-0000000000ff");
    expect(t.authorityHost).toBe("https://login.chinacloudapi.cn");
    expect(t.checks[0]).toMatchObject({
      resource: "https://microsoftgraph.chinacloudapi.cn",
      expectedRoles: ["User.Read.All"],
    });
  });

  it("prefers AZURE_AUTHORITY_HOST over the cloud", async () => {
    const t = await targetFromEnvironment(
      { ...base, scope: "api://x/.default" },
      {
        AZURE_TENANT_ID: TENANT,
        AZURE_CLIENT_ID: "aaaaaaaa-0000-0000-0000-000000000001",
        AZURE_CLIENT_SECRET: "x",
        AZURE_AUTHORITY_HOST: "https://127.0.0.1:8443/",
      },
    );
    expect(t.authorityHost).toBe("https://127.0.0.1:8443");
  });

  it.each([
    [{ scope: "https://graph.microsoft.com/User.Read" }, /must be one '<resource>\/\.default'/],
    [
      { scope: "api://x/.default", clientId: "my-app" },
      /client id "my-app" is not a GUID \(use the Application \(client\) ID/,
    ],
    [{ scope: "api://x/.default", authorityHost: "http://login.example" }, /must be https/],
  ])("rejects bad input %j", async (flags, message) => {
    const e = await usageError(
      targetFromEnvironment(
        { ...base, ...flags },
        {
          AZURE_TENANT_ID: TENANT,
          AZURE_CLIENT_ID: "aaaaaaaa-0000-0000-0000-000000000001",
          AZURE_CLIENT_SECRET: "x",
        },
      ),
    );
    expect(e.message).toMatch(message);
  });

  it("refuses two credentials at once", async () => {
    const e = await usageError(
      targetFromEnvironment(
        { ...base, scope: "api://x/.default" },
        {
          AZURE_TENANT_ID: TENANT,
          AZURE_CLIENT_ID: "aaaaaaaa-0000-0000-0000-000000000001",
          AZURE_CLIENT_SECRET: "x",
          AZURE_FEDERATED_TOKEN_FILE: "/tmp/t",
        },
      ),
    );
    expect(e.message).toMatch(/more than one credential/);
  });
});
