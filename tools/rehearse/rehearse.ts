/**
 * `onboard rehearse`: the whole job, offline. The stack's config is validated, an emulated tenant
 * starts in this process, the real program provisions the stack into it through Graph, and the
 * same verification as `onboard verify` proves every app gets a token with exactly its roles.
 * Everything written lives in one temporary folder, removed at the end whatever happened.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StackOutputs } from "../../infra/outputs";
import { startEmulator, type RunningEmulator } from "../emulator";
import { ExitCode } from "../errors";
import { useColour, type Io } from "../io";
import { HttpsClient } from "../net/https";
import { renderHuman } from "../verify/report/human";
import { verifyApps } from "../verify/run";
import { targetsFromOutputs } from "../verify/targets";
import type { VerifyReport } from "../verify/types";
import { EmulatorMocks } from "./emulatorMocks";
import { GraphClient } from "./graphClient";
import type { Ledger } from "./ledger";
import { renderPlan } from "./plan";
import { runProgramUnderMocks } from "./programUnderMocks";
import { provisionedOutputs } from "./provisioned";
import { rehearsalConfig } from "./rehearsalConfig";
import { readStackFiles, stackFileName } from "./stackFiles";

export interface RehearseOptions {
  /** Stack name: reads Pulumi.<stack>.yaml from the working directory. */
  stack: string;
  /** Print verify's JSON document on stdout (the plan goes to stderr). */
  json: boolean;
  /** Seconds verify keeps retrying per app; the emulated tenant replicates at once. */
  wait: number;
}

/** What a hook sees between provisioning and verification. */
export interface ProvisionedStack {
  emulator: RunningEmulator;
  outputs: StackOutputs;
  ledger: Ledger;
  /** The rehearsal's temporary folder (removed at the end). */
  workDir: string;
}

export interface RehearseHooks {
  /** Runs after the program provisioned the stack, before verification. For tests. */
  afterProvisioning?(stack: ProvisionedStack): Promise<void> | void;
}

export interface RehearsalResult {
  exitCode: number;
  report: VerifyReport;
}

export async function rehearse(
  o: RehearseOptions,
  io: Io,
  hooks: RehearseHooks = {},
): Promise<RehearsalResult> {
  const started = Date.now();
  const progress = (line: string) => {
    if (io.stderr.isTTY) io.stderr.write(`rehearse: ${line}\n`);
  };
  const stack = stackFileName(o.stack);
  const files = await readStackFiles(io.cwd, o.stack);
  if (files.ignoredSecureKeys.length)
    io.stderr.write(
      `note: ${files.ignoredSecureKeys.join(", ")}: encrypted (secure:) value(s) ignored; the rehearsal needs none\n`,
    );
  const prepared = await rehearsalConfig(files.config, files.stackFile);
  for (const note of prepared.notes) io.stderr.write(`note: ${note}\n`);

  const workDir = await mkdtemp(join(tmpdir(), "onboard-rehearse-"));
  try {
    progress(`starting an emulated tenant ${prepared.validated.tenantId}`);
    const emulator = await startEmulator({
      tenantId: prepared.validated.tenantId,
      quiet: true,
      caOut: join(workDir, "emulator-ca.pem"),
    });
    const http = new HttpsClient({ extraCaPem: [emulator.caPem] });
    try {
      progress("running the program (infra/) against it");
      const mocks = new EmulatorMocks(new GraphClient(http, emulator));
      const run = await runProgramUnderMocks(prepared.programConfig, mocks, stack);
      const outputs = provisionedOutputs(mocks, run, files.stackFile);
      const plan = renderPlan({
        stack,
        tenantId: emulator.tenantId,
        config: prepared.validated,
        outputs,
        ledger: mocks.ledger,
        ownersNotRehearsed: mocks.ownersNotRehearsed,
      });
      (o.json ? io.stderr : io.stdout).write(`${plan}\n`);
      await hooks.afterProvisioning?.({ emulator, outputs, ledger: mocks.ledger, workDir });

      progress("verifying every app's token");
      const report = await verify(outputs, emulator, http, prepared.certificatePems, o, io);
      progress(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return report;
    } finally {
      http.close();
      await emulator.close();
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function verify(
  outputs: StackOutputs,
  emulator: RunningEmulator,
  http: HttpsClient,
  certificatePems: Record<string, string>,
  o: RehearseOptions,
  io: Io,
): Promise<RehearsalResult> {
  const assertions: Record<string, () => Promise<string>> = {};
  for (const [name, app] of Object.entries(outputs.apps)) {
    const c = app.credential;
    if (c.type === "federated")
      assertions[name] = () =>
        emulator.federation.mint({
          issuer: c.issuer,
          subject: c.subject,
          audience: c.audiences[0],
        });
  }
  const targets = await targetsFromOutputs(outputs, {
    apps: [],
    certificates: [],
    federatedTokens: [],
    authorityHost: emulator.authorityHost,
    certificatePems,
    assertions,
  });
  if (targets.length === 0)
    io.stderr.write(
      "note: the stack has no apps (onboarding:apps), so there is no token to verify\n",
    );
  const progress = io.stderr.isTTY === true && targets.length > 1;
  const { report, unreachableOnly } = await verifyApps({
    targets,
    waitMs: o.wait * 1000,
    http,
    onProgress: progress
      ? (done, total) =>
          io.stderr.write(`\rverifying: ${done}/${total} app(s)${done === total ? "\n" : ""}`)
      : undefined,
  });
  io.stdout.write(
    o.json
      ? `${JSON.stringify(report)}\n`
      : renderHuman(report, { colour: useColour(io.stdout, io.env) }),
  );
  const exitCode = report.ok
    ? ExitCode.Ok
    : unreachableOnly
      ? ExitCode.Environment
      : ExitCode.VerificationFailed;
  return { exitCode, report };
}
