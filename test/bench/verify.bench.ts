/**
 * `onboard verify` benchmark (issue 4). Verification of 10, 100 and 500 apps against the
 * emulator with 50 ms added latency, beside the baseline the Microsoft samples follow: a new
 * msal-node client per app, one app after another (each new client fetches the authority
 * metadata itself). Then cold starts of `onboard --help` and of a single-app `verify`, beside a
 * bare msal-node script making the same token request. Figures and ratios only; no assertions.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ConfidentialClientApplication } from "@azure/msal-node";
import { afterAll, beforeAll, describe, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../tools/emulator";
import { HttpsClient } from "../../tools/net/https";
import { MsalNetworkClient } from "../../tools/net/msalNetworkClient";
import { verifyApps } from "../../tools/verify/run";
import { targetsFromOutputs } from "../../tools/verify/targets";
import { TenantFixture } from "../tools/verify/fixtures";
import { medianMs, printTable, speedup, timed } from "./report";

const ROOT = resolve(__dirname, "../..");
const SIZES = [10, 100, 500];
const LATENCY_MS = 50;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ quiet: true });
});
afterAll(async () => {
  await emu?.close();
});

/** What the msal-node client-credentials sample does, once per app, sequentially. */
async function sampleStyle(
  authorityHost: string,
  tenantId: string,
  http: HttpsClient,
  f: TenantFixture,
): Promise<number> {
  const networkClient = new MsalNetworkClient(http);
  let ok = 0;
  for (const app of Object.values(f.outputs.apps)) {
    if (app.credential.type !== "secret") continue;
    const cca = new ConfidentialClientApplication({
      auth: {
        clientId: app.clientId,
        authority: `${authorityHost}/${tenantId}`,
        clientSecret: app.credential.secret,
        knownAuthorities: [new URL(authorityHost).host],
      },
      system: { networkClient },
    });
    const r = await cca.acquireTokenByClientCredential({ scopes: [app.grants[0].scope] });
    if (r?.accessToken) ok++;
  }
  return ok;
}

/** `onboard emulator --state <file> --latency-ms 50 --json` as its own process, so its CPU is not ours. */
async function emulatorProcess(
  state: string,
  tenantId: string,
): Promise<{ authorityHost: string; caFile: string; stop: () => void }> {
  const p = spawn(
    process.execPath,
    [
      join(ROOT, "tools/bin/onboard.js"),
      "emulator",
      "--state",
      state,
      "--tenant",
      tenantId,
      "--latency-ms",
      String(LATENCY_MS),
      "--json",
      "--quiet",
    ],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const line = await new Promise<string>((res, rej) => {
    let buf = "";
    p.stdout.on("data", (d) => {
      buf += d;
      if (buf.includes("\n")) res(buf.split("\n")[0]);
    });
    p.on("exit", (code) => rej(new Error(`emulator exited ${code}`)));
  });
  const ready = JSON.parse(line) as { authorityHost: string; caFile: string };
  return { ...ready, stop: () => p.kill("SIGTERM") };
}

describe("verify: N apps, 50 ms latency", () => {
  it("measures onboard verify against the sample-style baseline", async () => {
    // Seed every app in-process, save the directory (secrets hashed), and serve it from a
    // separate emulator process with 50 ms added to every request.
    const dir = mkdtempSync(join(tmpdir(), "bench-verify-"));
    const state = join(dir, "state.json");
    const seeder = await startEmulator({ quiet: true, statePath: state });
    const stacks = SIZES.map((n) => {
      const f = new TenantFixture(seeder);
      for (let i = 0; i < n; i++) f.secretApp(`app-${n}-${i}`, [f.graphGrant(["User.Read.All"])]);
      return f;
    });
    const tenantId = seeder.tenantId;
    await seeder.close();
    const served = await emulatorProcess(state, tenantId);
    const ca = readFileSync(served.caFile, "utf8");
    const rows = [];
    try {
      for (const f of stacks) {
        const n = Object.keys(f.outputs.apps).length;
        f.outputs.authorityHost = served.authorityHost;
        const targets = await targetsFromOutputs(f.outputs, {
          apps: [],
          certificates: [],
          federatedTokens: [],
        });
        const http = new HttpsClient({ extraCaPem: [ca] });
        const ours = await timed(() =>
          verifyApps({ targets, waitMs: 60_000, http, concurrency: CONCURRENCY }),
        );
        http.close();
        if (!ours.value.report.ok) throw new Error(`verify failed for ${n} apps`);
        const baseHttp = new HttpsClient({ extraCaPem: [ca] });
        const base = await timed(() => sampleStyle(served.authorityHost, tenantId, baseHttp, f));
        baseHttp.close();
        rows.push({
          apps: n,
          "verify ms": ours.ms,
          "verify requests": http.requestCount,
          "requests - N": http.requestCount - n,
          "baseline ms": base.ms,
          "baseline requests": baseHttp.requestCount,
          speedup: speedup(base.ms, ours.ms),
        });
      }
    } finally {
      served.stop();
    }
    printTable(
      "onboard verify vs a new msal-node client per app, sequential (emulator process, 50 ms latency per request)",
      rows,
      [
        `verify: one msal-node client per app, authority metadata and keys fetched once per tenant, ${CONCURRENCY} apps at a time (the --concurrency default is 16), every token validated with jose`,
        "baseline: the msal-node sample's pattern, no token validation. Goals: requests = N + <= 3, 500 apps < 5 s, >= 20x faster",
      ],
    );
  });
});

function runNode(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((res, rej) => {
    const p = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let err = "";
    p.stderr.on("data", (d) => (err += d));
    p.on("error", rej);
    p.on("exit", (code) =>
      code === 0 ? res(0) : rej(new Error(`node ${args.join(" ")} exited ${code}: ${err}`)),
    );
  });
}

describe("cold start", () => {
  it("measures onboard --help and a single-app verify beside a bare msal-node script", async () => {
    const f = new TenantFixture(emu);
    const app = f.secretApp("single", [f.graphGrant(["User.Read.All"])]);
    const secret = app.credential.type === "secret" ? app.credential.secret : "";
    const dir = mkdtempSync(join(tmpdir(), "bench-cold-"));
    const script = join(dir, "bare-msal.cjs");
    writeFileSync(
      script,
      `const { ConfidentialClientApplication } = require(${JSON.stringify(require.resolve("@azure/msal-node"))});
const e = process.env;
new ConfidentialClientApplication({ auth: { clientId: e.AZURE_CLIENT_ID, clientSecret: e.AZURE_CLIENT_SECRET,
  authority: e.AZURE_AUTHORITY_HOST + "/" + e.AZURE_TENANT_ID, knownAuthorities: [new URL(e.AZURE_AUTHORITY_HOST).host] } })
  .acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"], skipCache: true })
  .then((r) => { if (!r || !r.accessToken) process.exit(1); }, (err) => { console.error(err.errorCode); process.exit(1); });\n`,
    );
    const env = {
      NODE_EXTRA_CA_CERTS: emu.caFile,
      AZURE_TENANT_ID: emu.tenantId,
      AZURE_CLIENT_ID: app.clientId,
      AZURE_CLIENT_SECRET: secret,
      AZURE_AUTHORITY_HOST: emu.authorityHost,
    };
    const bin = join(ROOT, "tools/bin/onboard.js");
    const runs = 7;
    const nodeOnly = await medianMs(() => runNode(["-e", ""], {}), runs);
    const help = await medianMs(() => runNode([bin, "--help"], {}), runs);
    const bare = await medianMs(() => runNode([script], env), runs);
    const verify = await medianMs(
      () =>
        runNode(
          [
            bin,
            "verify",
            "--scope",
            "https://graph.microsoft.com/.default",
            "--expect-role",
            "User.Read.All",
          ],
          env,
        ),
      runs,
    );
    printTable(
      "cold start, median of 7 (ms)",
      [
        {
          command: "node -e ''",
          ms: nodeOnly,
          "vs bare msal script": (nodeOnly / bare).toFixed(2) + "x",
        },
        {
          command: "onboard --help",
          ms: help,
          "vs bare msal script": (help / bare).toFixed(2) + "x",
        },
        { command: "bare msal-node token script", ms: bare, "vs bare msal script": "1.00x" },
        {
          command: "onboard verify (single app, token validated)",
          ms: verify,
          "vs bare msal script": (verify / bare).toFixed(2) + "x",
        },
      ],
      ["goal: onboard --help and single-app verify within 1.5x of the bare msal-node script"],
    );
  });
});
