/**
 * The program loads and runs the way `pulumi up` runs it. No Pulumi CLI exists here, so a child
 * process starts Pulumi's own Node.js entry point (@pulumi/pulumi/cmd/run) with the arguments and
 * environment the nodejs language host gives it for this project (working directory = the
 * program directory infra/, entry ".", PULUMI_NODEJS_TYPESCRIPT, config in PULUMI_CONFIG). The
 * entry registers ts-node (type-checking) with the tsconfig it finds there, requires infra/ and
 * awaits the exported function. Only the resource monitor is replaced, by mocks.
 */
import { spawnSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { devStackConfig } from "../support/infraConfigs";
import { engineConfig, type StackConfig } from "../support/pulumiStack";
import { makeClientCertificate } from "../support/certs";

const root = join(__dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "onboarding-runtime-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Report {
  resources: string[];
  calls: string[];
  stackOutputs: Record<string, unknown> | null;
  secretPaths: string[];
  exitCode: number;
  cwd: string;
  tsNode: string | null;
}

/**
 * The committed dev stack, with its sample certificate swapped for one valid around today: the
 * runtime checks expiry against the real clock, and this test is about loading, not that sample.
 */
async function devStackWithFreshCertificate(): Promise<StackConfig> {
  const config = devStackConfig() as Record<string, unknown>;
  const day = 24 * 3600 * 1000;
  const { certPem: pem } = await makeClientCertificate("orders-sync", {
    notBefore: new Date(Date.now() - day),
    notAfter: new Date(Date.now() + 365 * day),
  });
  const apps = config["onboarding:apps"] as {
    credential: { type: string; certificatePem?: string };
  }[];
  apps.find((a) => a.credential.type === "certificate")!.credential.certificatePem = pem;
  return config;
}

function certificatePem(config: StackConfig): string {
  const apps = config["onboarding:apps"] as { credential: { certificatePem?: string } }[];
  return apps.find((a) => a.credential.certificatePem)!.credential.certificatePem!;
}

function runLikePulumiUp(config: StackConfig, name: string) {
  const reportFile = join(dir, `${name}.json`);
  const child = spawnSync(process.execPath, [join(root, "test/support/pulumiRuntimeChild.cjs")], {
    cwd: root,
    encoding: "utf8",
    timeout: 120_000,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PULUMI_NODEJS_TYPESCRIPT: "true",
      PULUMI_CONFIG: JSON.stringify(engineConfig(config)),
      REPORT_FILE: reportFile,
    },
  });
  const report = JSON.parse(readFileSync(reportFile, "utf8")) as Report;
  return { status: child.status, stdout: child.stdout, stderr: child.stderr, report };
}

describe("loaded by Pulumi's Node.js runtime (cmd/run)", () => {
  it("type-checks, runs the dev stack and sends the contract's outputs with only the secret marked secret", async () => {
    const config = await devStackWithFreshCertificate();
    const { status, stdout, stderr, report } = runLikePulumiUp(config, "dev");
    // Nothing from the program; a Node deprecation warning from a dependency would be tolerable.
    expect(stdout).toBe("");
    expect(stderr).not.toMatch(/error|TSError/i);
    expect(stdout + stderr + JSON.stringify(report)).not.toContain("child-mock-secret");
    expect(status).toBe(0);
    expect(report.exitCode).toBe(0);
    // The runtime ran from the program directory and compiled with ts-node.
    expect(report.cwd).toBe(join(root, "infra"));
    expect(report.tsNode).toMatch(/ts-node/);
    expect(report.calls).toEqual(["azuread:index/getServicePrincipal:getServicePrincipal"]);
    expect(report.resources).toHaveLength(22);
    expect(report.resources).toContain(
      "azuread:index/appRoleAssignment:AppRoleAssignment::orders-ci-grant-orders-api/Orders.Read.All",
    );
    expect(report.secretPaths).toEqual(["apps.graph-reader.credential.secret"]);
    expect(report.stackOutputs).toMatchObject({
      tenantId: "4f6b2d1e-8c3a-4e7f-9b5d-2a1c0e9f7d3b",
      authorityHost: "https://login.microsoftonline.com",
      apps: {
        "graph-reader": {
          credential: { type: "secret", secret: "[secret]", expiresAt: "2027-05-23T00:00:00Z" },
        },
        "orders-sync": {
          credential: {
            type: "certificate",
            thumbprint: new X509Certificate(certificatePem(config)).fingerprint.replace(/:/g, ""),
          },
        },
        "orders-ci": {
          credential: { type: "federated", subject: "repo:contoso/orders:environment:production" },
        },
      },
    });
    expect(Object.keys((report.stackOutputs as { apps: object }).apps).sort()).toEqual([
      "graph-reader",
      "orders-ci",
      "orders-sync",
    ]);
  });

  it("reports bad config as Pulumi prints a RunError: the issues, no stack trace, nothing declared", async () => {
    const config = (await devStackWithFreshCertificate()) as Record<string, unknown>;
    config["azuread:tenantId"] = "contoso";
    (
      config["onboarding:apps"] as { permissions: { roles: string[] }[] }[]
    )[0].permissions[0].roles = ["User.Read.Al"];
    const { status, stderr, report } = runLikePulumiUp(config, "invalid");
    expect(status).not.toBe(0);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stderr).toContain(
      [
        "error: [runtime] The stack config has 2 problems:",
        '  - azuread:tenantId: "contoso" is not a GUID. Fix: Set the directory (tenant) id: pulumi config set azuread:tenantId <tenant GUID>.',
        '  - onboarding:apps[0].permissions[0].roles[0]: "User.Read.Al" is not an application permission of Microsoft Graph. Did you mean User.Read.All? Fix: Use the exact value of a Graph application permission (case matters); delegated-only scopes such as User.Read cannot be granted to a daemon app.',
      ].join("\n"),
    );
    expect(report.resources).toEqual(["pulumi:pulumi:Stack::onboarding-dev"]);
    expect(report.calls).toEqual([]);
  });
});
