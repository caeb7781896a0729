/**
 * Runs the real program (infra/program.ts) in this process with Pulumi's mock monitor, config
 * handed over the way the engine hands it (structured values as JSON strings), and waits until
 * every registration has reached the mocks before resolving the stack outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import type { StackOutputs } from "../../infra/outputs";
import { runProgram } from "../../infra/program";
import { PROJECT_NAME } from "./stackFiles";

/** What the engine puts in PULUMI_CONFIG: full keys, structured values as JSON strings. */
export function engineConfig(config: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(config)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );
}

export type ProgramRun = { ok: true; outputs: StackOutputs } | { ok: false; error: unknown };

/** The program's return value: the stack outputs, still wrapped in Pulumi outputs. */
export type ProgramOutputs = Awaited<ReturnType<typeof runProgram>>;

export interface MockedRunOptions {
  /** "Now" for the program's certificate checks. */
  now?: Date;
  /** Runs inside the stack, before the program (e.g. to register a stack transformation). */
  before?: () => void;
}

/**
 * Runs `runProgram()` inside a stack under `mocks`, and returns what it returned or threw once
 * every registration has reached the mocks.
 */
export async function runInMockedStack(
  config: Record<string, unknown>,
  mocks: pulumi.runtime.Mocks,
  stack: string,
  options: MockedRunOptions = {},
): Promise<{ returned?: ProgramOutputs; error?: unknown }> {
  pulumi.runtime.setAllConfig(engineConfig(config));
  await pulumi.runtime.setMocks(mocks, PROJECT_NAME, stack, false);
  const run: { returned?: ProgramOutputs; error?: unknown } = {};
  await pulumi.runtime.runInPulumiStack(async () => {
    options.before?.();
    try {
      run.returned = await runProgram({ now: options.now });
      return run.returned;
    } catch (e) {
      // Kept rather than rethrown: a rejected stack leaves the runtime's own promises unhandled.
      run.error = e;
      return undefined;
    }
  });
  // Registrations that feed no output (the assignments) may still be in flight.
  await pulumi.runtime.disconnect();
  return run;
}

export async function runProgramUnderMocks(
  config: Record<string, unknown>,
  mocks: pulumi.runtime.Mocks,
  stack: string,
): Promise<ProgramRun> {
  const { returned, error } = await runInMockedStack(config, mocks, stack);
  if (error !== undefined || returned === undefined) return { ok: false, error };
  return { ok: true, outputs: await resolveOutputs(returned) };
}

/** Every output as its plain value, the secret ones included (they stay in memory). */
export function resolveOutputs(returned: ProgramOutputs | undefined): Promise<StackOutputs> {
  return new Promise((done) =>
    pulumi.output(returned).apply((v) => done(v as unknown as StackOutputs)),
  );
}
