/**
 * `npm start` the way a newcomer runs it after `npm ci`: a separate process, the built bin, the
 * committed sample stack, no network, no Pulumi CLI, no tenant. Relies on the build `npm test`
 * runs first (`npm run build` when running this file alone).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { expectNoSecrets, REPO_ROOT } from "../../support/rehearsal";

const sandbox = mkdtempSync(join(tmpdir(), "onboard-npm-start-"));
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

function npmStart(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: sandbox, NO_COLOR: "1" };
  // Nothing that would make TLS or the CLI behave differently from a fresh shell.
  for (const k of ["NODE_TLS_REJECT_UNAUTHORIZED", "NODE_EXTRA_CA_CERTS", "NODE_OPTIONS"])
    delete env[k];
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["start"], {
      cwd: REPO_ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), 50_000);
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

it("npm start rehearses the sample stack green, printing no secret", async () => {
  expect(
    existsSync(join(REPO_ROOT, "dist", "tools", "cli.js")),
    "build first: npm run build (npm test does it)",
  ).toBe(true);
  const { code, stdout, stderr } = await npmStart();

  expect(code, stderr).toBe(0);
  expect(stdout).toMatch(/App graph-reader\n/);
  expect(stdout).toMatch(/App orders-sync\n/);
  expect(stdout).toMatch(/App orders-ci\n/);
  for (const [app, resource] of [
    ["graph-reader", "microsoft-graph"],
    ["orders-sync", "orders-api"],
    ["orders-ci", "orders-api"],
  ])
    expect(stdout).toMatch(new RegExp(`\\n${app}\\s+${resource}\\s+pass\\s`));
  expect(stdout).toMatch(/all passed: 3 of 3 app\(s\) passed/);
  expectNoSecrets(stdout + stderr);
  // Its temporary folder is gone with it.
  expect(readdirSync(sandbox)).toEqual([]);
});
