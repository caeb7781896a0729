/**
 * Runs the real program (infra/program.ts) under mocks with config set the way the Pulumi engine
 * passes it, and waits until every registration has reached the mocks.
 */
import * as pulumi from "@pulumi/pulumi";
import { runProgram } from "../../infra/program";
import type { StackOutputs } from "../../infra/outputs";
import { MockTenant } from "./pulumiMocks";

/** Stack config as in Pulumi.<stack>.yaml: full keys, YAML values. */
export type StackConfig = Record<string, unknown>;

/** What the engine puts in PULUMI_CONFIG: structured values as JSON strings. */
export function engineConfig(config: StackConfig): Record<string, string> {
  return Object.fromEntries(
    Object.entries(config)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );
}

export interface StackRun {
  tenant: MockTenant;
  /** The object runProgram returned (outputs still wrapped), when it succeeded. */
  returned?: Awaited<ReturnType<typeof runProgram>>;
  /** What it threw, when it failed. */
  error?: unknown;
}

export interface RunOptions {
  now?: Date;
  /** Runs inside the stack, before the program (e.g. to register a stack transformation). */
  before?: () => void;
}

export async function runStack(
  config: StackConfig,
  tenant = new MockTenant(),
  options: RunOptions = {},
): Promise<StackRun> {
  pulumi.runtime.setAllConfig(engineConfig(config));
  await pulumi.runtime.setMocks(tenant, "onboarding", "test", false);
  const run: StackRun = { tenant };
  await pulumi.runtime.runInPulumiStack(async () => {
    options.before?.();
    try {
      run.returned = await runProgram({ now: options.now });
      return run.returned;
    } catch (e) {
      // Kept for the test to inspect. Rethrown, the stack's own promises would reject unhandled;
      // how Pulumi's runtime reports the error is covered by runtimeLoad.test.ts.
      run.error = e;
      return undefined;
    }
  });
  // Registrations not feeding an output (assignments, say) may still be in flight.
  await pulumi.runtime.disconnect();
  return run;
}

/** Every output resolved to its plain value, secrets included (for assertions only). */
export function resolveOutputs(returned: StackRun["returned"]): Promise<StackOutputs> {
  return new Promise((resolve) =>
    pulumi.output(returned).apply((v) => resolve(v as unknown as StackOutputs)),
  );
}

/** Resolves one output (or plain value). */
export function valueOf<T>(input: pulumi.Input<T>): Promise<T> {
  return new Promise((resolve) => pulumi.output(input).apply((v) => resolve(v as T)));
}
