/**
 * `onboard emulator` as people and scripts run it: the built bin, `--json` start-up line,
 * flags for faults and state, clean shutdown on SIGINT, usage errors, and `--help`.
 */
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpsClient } from "../../../tools/net/https";
import { runClient } from "../../support/subprocess";

const ROOT = resolve(__dirname, "../../..");
const BIN = join(ROOT, "tools/bin/onboard.js");
const dir = mkdtempSync(join(tmpdir(), "emulator-cli-test-"));

beforeAll(() => {
  // tsc emits even when another lane's file (infra/) fails to typecheck mid-way; only errors in
  // the CLI's own sources should stop this suite.
  try {
    execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], {
      cwd: ROOT,
      stdio: "pipe",
      timeout: 180_000,
    });
  } catch (e) {
    const out = String((e as { stdout?: Buffer }).stdout ?? "");
    if (/^tools\//m.test(out) || !existsSync(join(ROOT, "dist/tools/emulator/run.js"))) throw e;
  }
}, 200_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Started {
  child: ChildProcessWithoutNullStreams;
  firstLine: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Spawns the bin and resolves with its first stdout line (printed once it is ready). */
function start(args: string[]): Promise<Started> {
  const env = { ...process.env };
  delete env.NODE_TLS_REJECT_UNAUTHORIZED;
  const child = spawn(process.execPath, [BIN, "emulator", ...args], { cwd: ROOT, env });
  let out = "";
  let err = "";
  const exited = new Promise<number | null>((r) => child.on("close", (code) => r(code)));
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start-up line; stderr: ${err}`)), 20_000);
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
      const nl = out.indexOf("\n");
      if (nl >= 0) {
        clearTimeout(timer);
        resolveStart({
          child,
          firstLine: out.slice(0, nl),
          stdout: () => out,
          stderr: () => err,
          exited,
        });
      }
    });
    child.on("close", (code) =>
      reject(new Error(`exited ${code} before start-up; stderr: ${err}`)),
    );
  });
}

describe("onboard emulator", () => {
  it("prints exactly one JSON line when ready, serves tokens and Graph with it, and stops cleanly on SIGINT", async () => {
    const state = join(dir, "state.json");
    const ca = join(dir, "ca.pem");
    const s = await start([
      "--json",
      "--state",
      state,
      "--ca-out",
      ca,
      "--fault",
      "429:count=1,retry-after=1",
    ]);
    const line = JSON.parse(s.firstLine);
    expect(Object.keys(line).sort()).toEqual([
      "admin",
      "authorityHost",
      "caFile",
      "graphBaseUrl",
      "tenantId",
    ]);
    expect(Object.keys(line.admin).sort()).toEqual(["clientId", "clientSecret"]);
    expect(line).toMatchObject({
      tenantId: "7e1ca1e5-0e1a-4d5e-9a7b-0e3b1a5e7001",
      caFile: ca,
      graphBaseUrl: `${line.authorityHost}/v1.0`,
    });
    expect(line.authorityHost).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);

    const http = new HttpsClient({ extraCaPem: [readFileSync(line.caFile, "utf8")] });
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: line.admin.clientId,
      client_secret: line.admin.clientSecret,
      scope: "https://graph.microsoft.com/.default",
    }).toString();
    const post = () =>
      http.request(
        "POST",
        `${line.authorityHost}/${line.tenantId}/oauth2/v2.0/token`,
        { "content-type": "application/x-www-form-urlencoded" },
        form,
      );
    expect((await post()).status).toBe(429); // --fault
    const ok = await post();
    expect(ok.status).toBe(200);
    const apps = await http.request("GET", `${line.graphBaseUrl}/applications`, {
      authorization: `Bearer ${JSON.parse(ok.body).access_token}`,
    });
    expect(apps.status).toBe(200);
    http.close();

    s.child.kill("SIGINT");
    expect(await s.exited).toBe(0);
    expect(s.stdout().trim().split("\n")).toHaveLength(1);
    expect(s.stderr()).toContain(
      "POST /7e1ca1e5-0e1a-4d5e-9a7b-0e3b1a5e7001/oauth2/v2.0/token 429",
    );
    // stderr carries request lines, never the secret or a token.
    expect(s.stderr()).not.toContain(line.admin.clientSecret);
    expect(s.stderr()).not.toMatch(/eyJ[A-Za-z0-9_-]+\.eyJ/);
    expect(existsSync(state)).toBe(true);
    expect(readFileSync(state, "utf8")).not.toContain(line.admin.clientSecret);
  });

  it("prints human start-up lines with the authority, CA and how to trust it", async () => {
    const s = await start([
      "--quiet",
      "--tenant",
      "0b5e3c4d-1a2b-4c3d-8e9f-a0b1c2d3e4f5",
      "--replication-delay-ms",
      "1000",
    ]);
    await new Promise((r) => setTimeout(r, 300));
    s.child.kill("SIGTERM");
    expect(await s.exited).toBe(0);
    const out = s.stdout();
    expect(out).toMatch(/authority host +https:\/\/127\.0\.0\.1:\d+/);
    expect(out).toContain("0b5e3c4d-1a2b-4c3d-8e9f-a0b1c2d3e4f5");
    expect(out).toMatch(/NODE_EXTRA_CA_CERTS=\S+ca\.pem/);
    expect(out).toContain("REQUESTS_CA_BUNDLE=");
    expect(s.stderr()).toBe("");
  });

  it.each([
    [["--tenant", "contoso"], /--tenant must be a GUID/],
    [["--fault", "teapot"], /unknown kind 'teapot'/],
    [["--port", "70000"], /--port must be 0-65535/],
    [["--latency-ms", "-5"], /--latency-ms/],
  ])("rejects %j with exit code 2 and a one-line error", async (args, message) => {
    const r = await runClient(process.execPath, [BIN, "emulator", ...args], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/^error: .*\nhint: /);
  });

  it("documents its flags, faults, control path and default tenant in --help", async () => {
    const r = await runClient(process.execPath, [BIN, "emulator", "--help"], {});
    expect(r.code).toBe(0);
    for (const flag of [
      "--port",
      "--tenant",
      "--state",
      "--ca-out",
      "--latency-ms",
      "--replication-delay-ms",
      "--fault",
      "--json",
      "--quiet",
    ])
      expect(r.stdout).toContain(flag);
    expect(r.stdout).toContain("/_emulator/faults");
    expect(r.stdout).toContain("7e1ca1e5-0e1a-4d5e-9a7b-0e3b1a5e7001");
    expect(r.stdout).toContain("Examples:");
  });
});
