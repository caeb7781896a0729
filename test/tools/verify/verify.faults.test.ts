import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type FaultRule, type RunningEmulator } from "../../../tools/emulator";
import { main } from "../../../tools/cli";
import type { VerifyReport } from "../../../tools/verify/types";
import { captureIo } from "../../support/capture";
import { TenantFixture } from "./fixtures";

let emu: RunningEmulator;
let dir: string;

beforeAll(async () => {
  emu = await startEmulator({ quiet: true });
  dir = mkdtempSync(join(tmpdir(), "verify-faults-"));
});
afterEach(() => emu.setFaults([]));
afterAll(async () => {
  await emu?.close();
});

/** A fresh app (credential created just now, so replication is plausible) under `faults`. */
async function verifyUnder(faults: (clientId: string) => FaultRule[], wait: number) {
  const f = new TenantFixture(emu);
  const app = f.secretApp("flaky", [f.graphGrant(["User.Read.All"])], {
    startDateTime: new Date(),
  });
  if (app.credential.type === "secret") app.credential.createdAt = new Date().toISOString();
  emu.setFaults(faults(app.clientId));
  const outputs = join(dir, `${app.clientId}.json`);
  writeFileSync(outputs, JSON.stringify(f.outputs));
  const io = captureIo({ env: { NODE_EXTRA_CA_CERTS: emu.caFile }, cwd: dir });
  const started = Date.now();
  const code = await main(["verify", "--outputs", outputs, "--json", "--wait", String(wait)], io);
  const report = JSON.parse(io.out()) as VerifyReport;
  return {
    code,
    check: report.apps[0].checks[0],
    ms: Date.now() - started,
    secret: f.secrets[0],
    io,
  };
}

describe("retries within the deadline, and giving up after it", () => {
  const cases: [string, (id: string) => FaultRule[], RegExp][] = [
    [
      "a new app not replicated yet (700016)",
      (id) => [{ kind: "replicationDelay", ms: 1500, objects: ["application"], appId: id }],
      /AADSTS700016/,
    ],
    [
      "a new secret not replicated yet (7000215)",
      (id) => [{ kind: "replicationDelay", ms: 1500, objects: ["secret"], appId: id }],
      /AADSTS7000215/,
    ],
    [
      "a new role assignment missing from roles",
      (id) => [{ kind: "replicationDelay", ms: 1500, objects: ["roleAssignment"], appId: id }],
      /missing_roles/,
    ],
    [
      "429 with Retry-After",
      (id) => [{ kind: "throttle", retryAfterSeconds: 1, count: 2, appId: id }],
      /AADSTS|HTTP 429/,
    ],
    ["503", (id) => [{ kind: "unavailable", count: 2, appId: id }], /AADSTS|HTTP 503/],
    ["dropped connections", (id) => [{ kind: "drop", count: 2, appId: id }], /network_error/],
  ];

  it.each(cases)("passes after %s within --wait", async (_name, faults) => {
    const r = await verifyUnder(faults, 20);
    expect(r.check.error).toBeUndefined();
    expect(r.check.status).toBe("pass");
    expect(r.check.attempts).toBeGreaterThan(1);
    expect(r.code).toBe(0);
  });

  it.each(cases)("fails on %s when the deadline is shorter", async (_name, faults, code) => {
    // The same fault, lasting well past the deadline.
    const persistent = (id: string) =>
      faults(id).map(
        ({ count: _count, ...f }) =>
          (f.kind === "replicationDelay" ? { ...f, ms: 60_000 } : f) as FaultRule,
      );
    const r = await verifyUnder(persistent, 1);
    expect(r.check.status).toBe("fail");
    expect(`${r.check.error?.code}`).toMatch(code);
    expect(r.check.error?.hint).toBeTruthy();
    expect([1, 3]).toContain(r.code);
    expect(r.ms).toBeLessThan(8000);
  });

  it("waits out AADSTS501051 while a first grant on an API that requires assignment replicates", async () => {
    const f = new TenantFixture(emu);
    const api = f.api("orders-api", ["Orders.Read.All"]);
    const app = f.secretApp(
      "first-grant",
      [
        {
          api: "orders-api",
          resourceAppId: api.appId,
          scope: api.scope,
          roles: ["Orders.Read.All"],
        },
      ],
      { startDateTime: new Date() },
    );
    if (app.credential.type === "secret") app.credential.createdAt = new Date().toISOString();
    emu.setFaults([
      { kind: "replicationDelay", ms: 1500, objects: ["roleAssignment"], appId: app.clientId },
    ]);
    const outputs = join(dir, "first-grant.json");
    writeFileSync(outputs, JSON.stringify(f.outputs));
    const run = async (wait: string) => {
      const io = captureIo({ env: { NODE_EXTRA_CA_CERTS: emu.caFile } });
      const code = await main(["verify", "--outputs", outputs, "--json", "--wait", wait], io);
      return { code, check: (JSON.parse(io.out()) as VerifyReport).apps[0].checks[0] };
    };
    const early = await run("0");
    expect(early).toMatchObject({ code: 1, check: { error: { code: "AADSTS501051" } } });
    expect(early.check.error?.hint).toMatch(/requires assignment/);
    const patient = await run("20");
    expect(patient).toMatchObject({
      code: 0,
      check: { status: "pass", grantedRoles: ["Orders.Read.All"] },
    });
  });

  it("honours Retry-After rather than retrying sooner", async () => {
    const r = await verifyUnder(
      (id) => [{ kind: "throttle", retryAfterSeconds: 2, count: 1, appId: id }],
      20,
    );
    expect(r.check.status).toBe("pass");
    expect(r.check.attempts).toBe(2);
    expect(r.ms).toBeGreaterThanOrEqual(2000);
  });

  it("does not retry a wrong secret that is old, even with replication faults around", async () => {
    const f = new TenantFixture(emu);
    const app = f.secretApp("old", [f.graphGrant(["User.Read.All"])]);
    if (app.credential.type === "secret") app.credential.secret = "wrong";
    const outputs = join(dir, "old.json");
    writeFileSync(outputs, JSON.stringify(f.outputs));
    const io = captureIo({ env: { NODE_EXTRA_CA_CERTS: emu.caFile } });
    expect(await main(["verify", "--outputs", outputs, "--json", "--wait", "20"], io)).toBe(1);
    expect((JSON.parse(io.out()) as VerifyReport).apps[0].checks[0]).toMatchObject({
      attempts: 1,
      error: { code: "AADSTS7000215" },
    });
  });
});
