/**
 * The committed sample stack, rehearsed in-process exactly as `npm start` does: every app passes,
 * the plan names everything created, `--json` is verify's own document, and nothing secret is
 * printed.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../../tools/cli";
import { rehearse } from "../../../tools/rehearse/rehearse";
import type { VerifyReport } from "../../../tools/verify/types";
import { captureIo, type CapturedIo } from "../../support/capture";
import { collectSecrets, expectNoSecrets, REPO_ROOT } from "../../support/rehearsal";

describe("rehearsing the sample Pulumi.dev.yaml", () => {
  it("passes every app and prints the plan, then verify's table", async () => {
    const io = captureIo({ cwd: REPO_ROOT });
    const secrets: string[] = [];
    const { exitCode, report } = await rehearse(
      { stack: "dev", json: false, wait: 0 },
      io,
      collectSecrets(secrets),
    );

    expect(exitCode, io.err()).toBe(0);
    expect(report.apps.map((a) => [a.name, a.status])).toEqual([
      ["graph-reader", "pass"],
      ["orders-sync", "pass"],
      ["orders-ci", "pass"],
    ]);
    const roles = Object.fromEntries(
      report.apps.map((a) => [a.name, a.checks.map((c) => [c.resource, c.grantedRoles])]),
    );
    expect(roles).toEqual({
      "graph-reader": [["microsoft-graph", ["Group.Read.All", "User.Read.All"]]],
      "orders-sync": [["orders-api", ["Orders.Read.All", "Orders.Write.All"]]],
      "orders-ci": [["orders-api", ["Orders.Read.All"]]],
    });

    const out = io.out();
    const [plan, table] = [out.slice(0, out.indexOf("APP ")), out.slice(out.indexOf("APP "))];
    // Per API: its application and roles.
    expect(plan).toMatch(
      /API orders-api\n\s+application\s+"Orders API \(dev\)", appId [0-9a-f-]{36}/,
    );
    expect(plan).toMatch(/identifier URI\s+api:\/\/contoso-orders-dev/);
    expect(plan).toMatch(/roles\s+Orders\.Read\.All, Orders\.Write\.All/);
    // Per app: application, service principal, credential (type and expiry), each grant.
    for (const app of ["graph-reader", "orders-sync", "orders-ci"])
      expect(plan).toMatch(
        new RegExp(
          `App ${app}\\n\\s+application\\s+"${app}", appId [0-9a-f-]{36}\\n\\s+service principal\\s+[0-9a-f-]{36}`,
        ),
      );
    expect(plan).toMatch(
      /credential\s+client secret \(current\), expires \d{4}-\d\d-\d\d; the value is never shown/,
    );
    expect(plan).toMatch(
      /credential\s+certificate \(a throwaway key pair for the rehearsal\), expires 2028-11-23/,
    );
    expect(plan).toMatch(
      /credential\s+federated: issuer https:\/\/token\.actions\.githubusercontent\.com, subject repo:contoso\/orders:environment:production, audience api:\/\/AzureADTokenExchange/,
    );
    const grants = [...plan.matchAll(/grant\s+(\S+): (\S+)/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(grants).toEqual([
      "microsoft-graph Group.Read.All",
      "microsoft-graph User.Read.All",
      "orders-api Orders.Read.All",
      "orders-api Orders.Write.All",
      "orders-api Orders.Read.All",
    ]);
    expect(plan).toMatch(/Not rehearsed: owners \(the emulated tenant has no users\)/);
    expect(table).toMatch(/all passed: 3 of 3 app\(s\) passed/);
    expect(io.err()).toMatch(
      /note: certificate app\(s\) orders-sync: rehearsed with a throwaway key pair/,
    );
    expect(io.err()).not.toMatch(/secure/);

    expect(secrets.length).toBe(2); // the admin app's and graph-reader's
    expectNoSecrets(io.out() + io.err(), secrets);
  });

  it("--json prints exactly one document, the same as `onboard verify --json` for the same outputs", async () => {
    const io = captureIo({ cwd: REPO_ROOT });
    const secrets: string[] = [];
    let verifyDoc: VerifyReport | undefined;
    let verifyExit: number | undefined;
    let verifyIo: CapturedIo | undefined;
    // Between provisioning and verification, run the real `onboard verify --json` on the same
    // outputs, against the same tenant (the certificate app's throwaway key never leaves the
    // rehearsal, so verify checks the other two).
    const hooks = collectSecrets(secrets, {
      async afterProvisioning({ emulator, outputs, workDir }) {
        const c = outputs.apps["orders-ci"].credential;
        if (c.type !== "federated") throw new Error("orders-ci is federated in the sample");
        const tokenFile = join(workDir, "orders-ci.jwt");
        writeFileSync(
          tokenFile,
          await emulator.federation.mint({
            issuer: c.issuer,
            subject: c.subject,
            audience: c.audiences[0],
          }),
        );
        const vio = (verifyIo = captureIo({
          stdin: JSON.stringify(outputs),
          env: { NODE_EXTRA_CA_CERTS: emulator.caFile },
        }));
        verifyExit = await main(
          [
            "verify",
            ...["--outputs", "-", "--json", "--wait", "0"],
            ...["--authority-host", emulator.authorityHost],
            ...["--app", "graph-reader", "--app", "orders-ci"],
            ...["--federated-token", `orders-ci=${tokenFile}`],
          ],
          vio,
        );
        verifyDoc = JSON.parse(vio.out()) as VerifyReport;
      },
    });
    const { exitCode } = await rehearse({ stack: "dev", json: true, wait: 0 }, io, hooks);

    expect(exitCode, io.err()).toBe(0);
    expect(verifyExit, verifyIo?.err()).toBe(0);
    const lines = io.out().trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    const doc = JSON.parse(lines[0]) as VerifyReport;
    expect(Object.keys(doc)).toEqual(Object.keys(verifyDoc!));
    expect(Object.keys(doc.summary)).toEqual(Object.keys(verifyDoc!.summary));
    // The same apps verified by both are the same entries, field for field.
    for (const app of verifyDoc!.apps)
      expect(doc.apps.find((a) => a.name === app.name)).toEqual(app);
    // And the certificate app's entry has the shape every entry has.
    const cert = doc.apps.find((a) => a.name === "orders-sync")!;
    expect(shape(cert)).toEqual(shape(verifyDoc!.apps[0]));
    expect(doc).toMatchObject({ ok: true, summary: { passed: 3, failed: 0 } });
    // The plan is for people: on stderr with --json.
    expect(io.err()).toMatch(/App orders-sync\n/);
    expectNoSecrets(io.out() + io.err() + verifyIo!.out() + verifyIo!.err(), secrets);
  });
});

/** Keys and value types, recursively (arrays by their first element). */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return [v.length ? shape(v[0]) : "empty"];
  if (v === null) return "null";
  if (typeof v !== "object") return typeof v;
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, x]) => [k, shape(x)]),
  );
}
