/**
 * `onboard rehearse` benchmark (issue 5). Wall time of `npm start` (the sample stack) and of
 * `onboard rehearse` on a generated stack of 200 apps, each as a newcomer runs it (its own
 * process), beside baselines measured in the same run: a bare `node -e ''` start, and for 200
 * apps the emulator's start plus the same program under the plain unit-test mocks (no Graph, no
 * verification). Goals: sample < 5 s, 200 apps < 20 s. Figures and ratios only; no assertions.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, it } from "vitest";
import { stringify } from "yaml";
import { startEmulator } from "../../tools/emulator";
import { rehearse } from "../../tools/rehearse/rehearse";
import { captureIo } from "../support/capture";
import { makeClientCertificate } from "../support/certs";
import { TENANT_ID } from "../support/infraConfigs";
import { mockGraph, MockTenant } from "../support/pulumiMocks";
import { runStack } from "../support/pulumiStack";
import { medianMs, printTable, type Row } from "./report";

const ROOT = resolve(__dirname, "../..");
const BIN = join(ROOT, "tools/bin/onboard.js");
const APPS = 200;

let project: string;
let config: Record<string, unknown>;

/** 200 daemon apps over two APIs of the stack and Graph: 180 secrets, 10 certificates, 10 federated. */
async function generatedConfig(): Promise<Record<string, unknown>> {
  const cert = await makeClientCertificate("bench.contoso.dev", {
    notAfter: new Date(Date.now() + 400 * 86_400_000),
  });
  const credential = (i: number) =>
    i % 20 === 0
      ? { type: "certificate", lifetimeDays: 365, certificatePem: cert.certPem }
      : i % 20 === 1
        ? {
            type: "federated",
            issuer: "https://token.actions.githubusercontent.com",
            subject: `repo:contoso/app-${i}:ref:refs/heads/main`,
          }
        : { type: "secret", lifetimeDays: 180 };
  const roles = (api: string) =>
    ["Read.All", "Write.All", "Admin"].map((r) => ({ value: `${api}.${r}`, description: r }));
  return {
    "azuread:tenantId": TENANT_ID,
    "onboarding:apis": [
      { name: "orders-api", identifierUri: "api://bench-orders", appRoles: roles("Orders") },
      { name: "billing-api", appRoles: roles("Billing") },
    ],
    "onboarding:apps": Array.from({ length: APPS }, (_, i) => ({
      name: `app-${String(i).padStart(3, "0")}`,
      credential: credential(i),
      permissions: [
        { api: "microsoft-graph", roles: ["User.Read.All"] },
        {
          api: i % 2 ? "orders-api" : "billing-api",
          roles: [i % 2 ? "Orders.Read.All" : "Billing.Read.All"],
        },
      ],
    })),
  };
}

function run(command: string, args: string[], cwd = ROOT): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  delete env.NODE_OPTIONS;
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    child.on("error", fail);
    child.on("close", (code) =>
      code === 0 ? done(0) : fail(new Error(`${command} ${args.join(" ")}: exit ${code}\n${err}`)),
    );
  });
}

beforeAll(async () => {
  config = await generatedConfig();
  project = mkdtempSync(join(tmpdir(), "onboard-rehearse-bench-"));
  writeFileSync(join(project, "Pulumi.yaml"), "name: onboarding\nruntime: nodejs\nmain: infra/\n");
  writeFileSync(join(project, "Pulumi.bench.yaml"), stringify({ config }));
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

it("rehearse: npm start (sample) and 200 apps, beside their baselines", async () => {
  const node = await medianMs(() => run(process.execPath, ["-e", ""]), 5);
  const npmStart = await medianMs(() => run("npm", ["start"]), 5);
  const bin = await medianMs(() => run(process.execPath, [BIN, "rehearse", "--stack", "dev"]), 5);

  const big = await medianMs(
    () => run(process.execPath, [BIN, "rehearse", "--stack", "bench"], project),
    3,
  );
  const inProcess = await medianMs(async () => {
    const r = await rehearse({ stack: "bench", json: true, wait: 0 }, captureIo({ cwd: project }));
    if (r.exitCode !== 0) throw new Error(`in-process rehearsal exit ${r.exitCode}`);
  }, 3);
  const baseline = await medianMs(async () => {
    const emu = await startEmulator({ quiet: true });
    try {
      const stack = await runStack(config, new MockTenant([mockGraph()]));
      if (stack.error) throw stack.error;
    } finally {
      await emu.close();
    }
  }, 3);

  const rows: Row[] = [
    { subject: "node -e '' (process start)", apps: "-", "wall ms": node, "x baseline": "1.0x" },
    {
      subject: "npm start (sample stack)",
      apps: 3,
      "wall ms": npmStart,
      "x baseline": ratio(npmStart, node),
    },
    {
      subject: "onboard rehearse --stack dev (bin)",
      apps: 3,
      "wall ms": bin,
      "x baseline": ratio(bin, node),
    },
    {
      subject: "emulator start + program under unit mocks",
      apps: APPS,
      "wall ms": baseline,
      "x baseline": "1.0x",
    },
    {
      subject: "onboard rehearse (own process)",
      apps: APPS,
      "wall ms": big,
      "x baseline": ratio(big, baseline),
    },
    {
      subject: "rehearse() in-process",
      apps: APPS,
      "wall ms": inProcess,
      "x baseline": ratio(inProcess, baseline),
    },
  ];
  printTable("rehearse: offline rehearsal wall time (median; 5 runs, 3 for 200 apps)", rows, [
    `goal sample < 5 s: ${npmStart < 5000 ? "met" : "MISSED"} (${(npmStart / 1000).toFixed(2)} s)`,
    `goal 200 apps < 20 s: ${big < 20_000 ? "met" : "MISSED"} (${(big / 1000).toFixed(2)} s)`,
    "200 apps: 180 secret, 10 certificate (throwaway RSA key each), 10 federated; Graph + one stack API each.",
    "x baseline = subject / baseline: what provisioning through Graph and verifying every token add.",
  ]);
});

function ratio(subject: number, base: number): string {
  return `${(subject / base).toFixed(1)}x`;
}
