import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HttpsClient } from "../../../tools/net/https";
import { verifyApps } from "../../../tools/verify/run";
import { targetsFromOutputs } from "../../../tools/verify/targets";
import type { VerifyReport } from "../../../tools/verify/types";
import { certificateApp, federatedApp } from "./fixtures";
import { useVerifyHarness } from "./harness";

const h = useVerifyHarness();
const fixture = () => h.fixture();
const file = (name: string, content: string) => h.file(name, content);
const onboard = (argv: string[], env: NodeJS.ProcessEnv = {}) => h.onboard(argv, { env });

describe("certificate and federated apps", () => {
  it("passes a certificate app and a federated app on an API with v2 tokens", async () => {
    const f = fixture();
    const orders = f.api("orders-api", ["Orders.Read.All", "Orders.Write.All"]);
    const grant = {
      api: "orders-api",
      resourceAppId: orders.appId,
      scope: orders.scope,
      roles: ["Orders.Read.All"],
    };
    const cert = await certificateApp(f, "orders-caller", grant);
    const fed = await federatedApp(f, "ci-job", { ...grant, roles: ["Orders.Write.All"] });
    const r = await onboard([
      "verify",
      "--outputs",
      file("outputs.json", JSON.stringify(f.outputs)),
      "--certificate",
      `orders-caller=${file("cert.pem", cert.pem)}`,
      "--federated-token",
      `ci-job=${file("token", fed.token)}`,
      "--json",
    ]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as VerifyReport;
    expect(
      report.apps.map((a) => [
        a.name,
        a.status,
        a.credential.type,
        a.checks[0].tokenVersion,
        a.checks[0].grantedRoles,
      ]),
    ).toEqual([
      ["orders-caller", "pass", "certificate", "2.0", ["Orders.Read.All"]],
      ["ci-job", "pass", "federated", "2.0", ["Orders.Write.All"]],
    ]);
  });

  it("rejects a PEM whose certificate is not the registered one, before any request", async () => {
    const f = fixture();
    const orders = f.api("orders-api", ["Orders.Read.All"]);
    await certificateApp(f, "orders-caller", {
      api: "orders-api",
      resourceAppId: orders.appId,
      scope: orders.scope,
      roles: ["Orders.Read.All"],
    });
    const other = await certificateApp(fixture(), "other", {
      api: "orders-api",
      resourceAppId: orders.appId,
      scope: orders.scope,
      roles: [],
    });
    const r = await onboard([
      "verify",
      "--outputs",
      file("o.json", JSON.stringify(f.outputs)),
      "--certificate",
      `orders-caller=${file("c.pem", other.pem)}`,
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /--certificate orders-caller: the certificate's thumbprint is [0-9A-F]{40}, but the app's registered certificate is/,
    );
  });

  it("fails a federated app whose token subject does not match with AADSTS700213", async () => {
    const f = fixture();
    const { app } = await federatedApp(f, "wrong-branch", f.graphGrant(["User.Read.All"]));
    const token = await h.emu.federation.mint({
      issuer: "https://token.actions.githubusercontent.com",
      subject: "repo:contoso/orders:ref:refs/heads/feature",
      audience: "api://AzureADTokenExchange",
    });
    f.secrets.push(token);
    const r = await onboard([
      "verify",
      "--outputs",
      file("o.json", JSON.stringify(f.outputs)),
      "--federated-token",
      `wrong-branch=${file("t", token)}`,
      "--json",
    ]);
    expect(r.code).toBe(1);
    const check = (JSON.parse(r.out) as VerifyReport).apps[0].checks[0];
    expect(check.error?.code).toBe("AADSTS700213");
    expect(check.error?.hint).toMatch(/subject/);
    expect(app.credential.type).toBe("federated");
  });

  it("reads outputs through `pulumi stack output` for --stack", async () => {
    const f = fixture();
    f.secretApp("billing-worker", [f.graphGrant(["User.Read.All"])]);
    const bin = mkdtempSync(join(tmpdir(), "fake-pulumi-"));
    const outputsFile = file("stack.json", JSON.stringify(f.outputs));
    // Stand-in for the Pulumi CLI: checks it was asked for JSON with secrets, then prints the outputs.
    writeFileSync(
      join(bin, "pulumi"),
      `#!/bin/sh\n[ "$*" = "stack output --json --show-secrets --stack dev" ] || { echo "unexpected args: $*" >&2; exit 9; }\ncat '${outputsFile}'\n`,
    );
    chmodSync(join(bin, "pulumi"), 0o755);
    const r = await onboard(["verify", "--stack", "dev", "--json"], {
      PATH: `${bin}:/usr/bin:/bin`,
    });
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as VerifyReport).apps[0]).toMatchObject({
      name: "billing-worker",
      status: "pass",
    });
  });
});

describe("signing-key rollover and request economy", () => {
  it("re-fetches the keys once when tokens start carrying a new kid", async () => {
    const f = fixture();
    f.secretApp("before", [f.graphGrant(["User.Read.All"])]);
    f.secretApp("after", [f.graphGrant(["User.Read.All"])]);
    const http = new HttpsClient({ extraCaPem: [h.emu.caPem] });
    const targets = await targetsFromOutputs(f.outputs, {
      apps: [],
      certificates: [],
      federatedTokens: [],
    });
    let rotated = false;
    const { report } = await verifyApps({
      targets,
      waitMs: 5000,
      concurrency: 1,
      http,
      onProgress: () => {
        if (!rotated) {
          h.emu.rotateSigningKey();
          rotated = true;
        }
      },
    });
    http.close();
    expect(report.ok).toBe(true);
    expect(rotated).toBe(true);
    const keyFetches = [...http.counts]
      .filter(([k]) => k.includes("/discovery/"))
      .reduce((n, [, c]) => n + c, 0);
    expect(keyFetches).toBe(2);
  });

  it("costs N token requests plus at most 3 per tenant for N apps", async () => {
    const f = fixture();
    const n = 12;
    for (let i = 0; i < n; i++) f.secretApp(`app-${i}`, [f.graphGrant(["User.Read.All"])]);
    const http = new HttpsClient({ extraCaPem: [h.emu.caPem] });
    const { report } = await verifyApps({
      targets: await targetsFromOutputs(f.outputs, {
        apps: [],
        certificates: [],
        federatedTokens: [],
      }),
      waitMs: 5000,
      http,
    });
    http.close();
    expect(report.ok).toBe(true);
    const tokenRequests = [...http.counts]
      .filter(([k]) => k.endsWith("/oauth2/v2.0/token"))
      .reduce((s, [, c]) => s + c, 0);
    expect(tokenRequests).toBe(n);
    expect(http.requestCount - n).toBeLessThanOrEqual(3);
  });

  it("never printed a secret, a private key or a token", () => {
    const all = h.ios.map((io) => io.out() + io.err()).join("\n");
    expect(h.ios.length).toBeGreaterThanOrEqual(4);
    for (const f of h.fixtures) for (const s of f.secrets) expect(all).not.toContain(s);
    expect(all).not.toMatch(/PRIVATE KEY/);
    expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/);
  });
});
