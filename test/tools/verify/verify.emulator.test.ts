import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { VerifyReport } from "../../../tools/verify/types";
import type { TenantFixture } from "./fixtures";
import { useVerifyHarness } from "./harness";

const h = useVerifyHarness();
const fixture = () => h.fixture();
const onboard = (argv: string[], opts?: { stdin?: string; env?: NodeJS.ProcessEnv }) =>
  h.onboard(argv, opts);

function writeOutputs(f: TenantFixture): string {
  return h.file("outputs.json", JSON.stringify(f.outputs));
}

async function verifyJson(f: TenantFixture, extra: string[] = []) {
  const r = await onboard(["verify", "--outputs", writeOutputs(f), "--json", ...extra]);
  return { ...r, report: JSON.parse(r.out) as VerifyReport };
}

describe("onboard verify against the emulator", () => {
  it("passes a secret app on Graph (v1 token) and an API of the stack (v2 token)", async () => {
    const f = fixture();
    const orders = f.api("orders-api", ["Orders.Read.All", "Orders.Write.All"]);
    f.secretApp("billing-worker", [
      f.graphGrant(["User.Read.All", "Group.Read.All"]),
      {
        api: "orders-api",
        resourceAppId: orders.appId,
        scope: orders.scope,
        roles: ["Orders.Read.All"],
      },
    ]);
    const { code, report, err } = await verifyJson(f);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    const [app] = report.apps;
    expect(app).toMatchObject({
      name: "billing-worker",
      status: "pass",
      credential: { type: "secret" },
    });
    expect(app.checks).toEqual([
      expect.objectContaining({
        resource: "microsoft-graph",
        status: "pass",
        tokenVersion: "1.0",
        grantedRoles: ["Group.Read.All", "User.Read.All"],
        missingRoles: [],
        extraRoles: [],
        attempts: 1,
      }),
      expect.objectContaining({
        resource: "orders-api",
        status: "pass",
        tokenVersion: "2.0",
        grantedRoles: ["Orders.Read.All"],
        attempts: 1,
      }),
    ]);
    expect(report.summary).toMatchObject({ passed: 1, failed: 0 });
  });

  it("fails an over-privileged app unless --allow-extra-roles", async () => {
    const f = fixture();
    f.secretApp("greedy", [
      { ...f.graphGrant(["User.Read.All"]), extraInDirectory: ["Mail.Send"] },
    ]);
    const strict = await verifyJson(f);
    expect(strict.code).toBe(1);
    expect(strict.report.apps[0].checks[0]).toMatchObject({
      status: "fail",
      extraRoles: ["Mail.Send"],
      error: { code: "extra_roles" },
    });
    expect(strict.report.apps[0].checks[0].error?.hint).toMatch(/over-privileged/);
    const lenient = await verifyJson(f, ["--allow-extra-roles"]);
    expect(lenient.code).toBe(0);
    expect(lenient.report.apps[0].checks[0]).toMatchObject({
      status: "pass",
      extraRoles: ["Mail.Send"],
    });
  });

  it("fails fast on a wrong (old) secret with AADSTS7000215, the hint and the correlation id", async () => {
    const f = fixture();
    const app = f.secretApp("typo", [f.graphGrant(["User.Read.All"])]);
    if (app.credential.type === "secret") app.credential.secret = "not-the-secret-value";
    const started = Date.now();
    const { code, report } = await verifyJson(f, ["--wait", "30"]);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(code).toBe(1);
    const check = report.apps[0].checks[0];
    expect(check).toMatchObject({ status: "fail", attempts: 1, error: { code: "AADSTS7000215" } });
    expect(check.error?.message).toMatch(/^AADSTS7000215: /);
    expect(check.error?.hint).toMatch(/Value, not its Secret ID/);
    expect(check.error?.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("fails an expired secret with AADSTS7000222 and says so on the credential", async () => {
    const f = fixture();
    f.secretApp("stale", [f.graphGrant(["User.Read.All"])], {
      startDateTime: new Date(Date.now() - 200 * 86400_000),
      endDateTime: new Date(Date.now() - 86400_000),
    });
    const { code, report } = await verifyJson(f);
    expect(code).toBe(1);
    expect(report.apps[0].checks[0].error?.code).toBe("AADSTS7000222");
    expect(report.apps[0].credential.warning).toMatch(/expired/);
  });

  it("warns about a credential that expires within --expiry-warning-days, and passes", async () => {
    const f = fixture();
    f.secretApp("soon", [f.graphGrant(["User.Read.All"])], {
      endDateTime: new Date(Date.now() + 10 * 86400_000),
    });
    const { code, report } = await verifyJson(f);
    expect(code).toBe(0);
    expect(report.apps[0].credential.warning).toMatch(/expires in 10 day/);
    const quiet = await verifyJson(f, ["--expiry-warning-days", "5"]);
    expect(quiet.report.apps[0].credential.warning).toBeUndefined();
  });

  it("fails with the missing role named when a grant is absent from the directory", async () => {
    const f = fixture();
    const app = f.secretApp("half", [f.graphGrant(["User.Read.All"])]);
    app.grants[0].roles.push("Group.Read.All");
    const { code, report } = await verifyJson(f, ["--wait", "1"]);
    expect(code).toBe(1);
    expect(report.apps[0].checks[0]).toMatchObject({
      status: "fail",
      missingRoles: ["Group.Read.All"],
      grantedRoles: ["User.Read.All"],
      error: { code: "missing_roles" },
    });
  });

  it("fails a disabled app with AADSTS7000112", async () => {
    const f = fixture();
    const app = f.secretApp("off", [f.graphGrant(["User.Read.All"])]);
    h.emu.directory.setServicePrincipalEnabled(app.clientId, false);
    const { code, report } = await verifyJson(f);
    expect(code).toBe(1);
    expect(report.apps[0].checks[0].error).toMatchObject({ code: "AADSTS7000112" });
    expect(report.apps[0].checks[0].error?.hint).toMatch(/enable/);
  });

  it("fails an unknown tenant with AADSTS90002, without retrying", async () => {
    const f = fixture();
    f.secretApp("elsewhere", [f.graphGrant(["User.Read.All"])]);
    f.outputs.tenantId = "99999999-9999-9999-9999-999999999999";
    const { code, report } = await verifyJson(f, ["--wait", "30"]);
    expect(code).toBe(1);
    expect(report.apps[0].checks[0].error?.code).toBe("AADSTS90002");
    expect(report.apps[0].checks[0].error?.hint).toMatch(/tenant/);
  });

  it("fails an app that is not in the tenant with AADSTS700016 once the wait is over", async () => {
    const f = fixture();
    const app = f.secretApp("ghost", [f.graphGrant(["User.Read.All"])]);
    app.clientId = "12345678-1234-1234-1234-123456789012";
    const { code, report } = await verifyJson(f, ["--wait", "1"]);
    expect(code).toBe(1);
    const check = report.apps[0].checks[0];
    expect(check.error?.code).toBe("AADSTS700016");
    expect(check.attempts).toBeGreaterThan(1);
    expect(check.error?.hint).toMatch(/replication/);
  });

  it("fails a resource that does not exist (invalid scope) at once", async () => {
    const f = fixture();
    const app = f.secretApp("lost", [f.graphGrant(["User.Read.All"])]);
    app.grants[0] = {
      api: "nowhere",
      resourceAppId: "00000000-0000-0000-0000-00000000beef",
      scope: "api://does-not-exist/.default",
      roles: [],
    };
    const { code, report } = await verifyJson(f, ["--wait", "1"]);
    expect(code).toBe(1);
    expect(report.apps[0].checks[0].error?.code).toMatch(/^AADSTS(500011|70011|1002012)$/);
  });

  it("exits 3 when the authority cannot be reached before the deadline", async () => {
    const f = fixture();
    f.secretApp("island", [f.graphGrant(["User.Read.All"])]);
    f.outputs.authorityHost = "https://127.0.0.1:9"; // discard port: nothing listens
    const { code, report } = await verifyJson(f, ["--wait", "1"]);
    expect(code).toBe(3);
    expect(report.apps[0].checks[0].error?.code).toBe("network_error");
  });

  it("reads outputs from stdin and writes JUnit", async () => {
    const f = fixture();
    f.secretApp("piped", [f.graphGrant(["User.Read.All"])]);
    const junit = join(h.dir, "report.xml");
    const { code, out } = await onboard(["verify", "--outputs", "-", "--junit", junit], {
      stdin: JSON.stringify(f.outputs),
      env: { NO_COLOR: "1" },
    });
    expect(code).toBe(0);
    expect(out).toMatch(/piped\s+microsoft-graph\s+pass\s+User\.Read\.All\s+v1\s+1/);
    expect(out).toMatch(/all passed: 1 of 1 app\(s\) passed/);
    const xml = readFileSync(junit, "utf8");
    expect(xml).toContain('<testsuite name="onboard verify" tests="1" failures="0"');
    expect(xml).toContain('name="piped → microsoft-graph"');
  });

  it("verifies one app from AZURE_* variables", async () => {
    const f = fixture();
    const app = f.secretApp("single", [f.graphGrant(["User.Read.All"])]);
    const env = {
      AZURE_TENANT_ID: h.emu.tenantId,
      AZURE_CLIENT_ID: app.clientId,
      AZURE_CLIENT_SECRET: app.credential.type === "secret" ? app.credential.secret : "",
      AZURE_AUTHORITY_HOST: h.emu.authorityHost,
    };
    const ok = await onboard(
      [
        "verify",
        "--scope",
        "https://graph.microsoft.com/.default",
        "--expect-role",
        "User.Read.All",
        "--json",
      ],
      { env },
    );
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.out) as VerifyReport).apps[0].checks[0]).toMatchObject({
      status: "pass",
      grantedRoles: ["User.Read.All"],
    });
    const bad = await onboard(
      ["verify", "--scope", "https://graph.microsoft.com/.default", "--json"],
      { env },
    );
    expect(bad.code).toBe(1); // no --expect-role: any role is beyond what was asked
  });

  it("--show-claims prints decoded claims but never the token", async () => {
    const f = fixture();
    f.secretApp("curious", [f.graphGrant(["User.Read.All"])]);
    const { code, out } = await onboard(["verify", "--outputs", writeOutputs(f), "--show-claims"], {
      env: { NO_COLOR: "1" },
    });
    expect(code).toBe(0);
    expect(out).toContain('"roles": [');
    expect(out).toContain('"ver": "1.0"');
    expect(out).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
  });

  it("never printed a secret or a token in any of the runs above", () => {
    expect(h.ios.length).toBeGreaterThan(10);
    const all = h.ios.map((io) => io.out() + io.err()).join("\n");
    for (const f of h.fixtures) for (const s of f.secrets) expect(all).not.toContain(s);
    expect(all).not.toContain(h.emu.admin.clientSecret);
    expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/); // no JWT
  });
});
