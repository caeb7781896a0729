/**
 * Runs the real program (infra/program.ts) under mocks with config set the way the Pulumi engine
 * passes it, and waits until every registration has reached the mocks.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  engineConfig,
  resolveOutputs,
  runInMockedStack,
  type ProgramOutputs,
} from "../../tools/rehearse/programUnderMocks";
import { MockTenant } from "./pulumiMocks";

export { engineConfig, resolveOutputs };

/** Stack config as in Pulumi.<stack>.yaml: full keys, YAML values. */
export type StackConfig = Record<string, unknown>;

export interface StackRun {
  tenant: MockTenant;
  /** The object runProgram returned (outputs still wrapped), when it succeeded. */
  returned?: ProgramOutputs;
  /** What it threw, when it failed. */
  error?: unknown;
}

export interface RunOptions {
  now?: Date;
  /** Runs inside the stack, before the program (e.g. to register a stack transformation). */
  before?: () => void;
}

/**
 * The program under the unit-test mocks, the same way the rehearsal runs it under the emulator's.
 * How Pulumi's runtime reports a thrown error is covered by runtimeLoad.test.ts.
 */
export async function runStack(
  config: StackConfig,
  tenant = new MockTenant(),
  options: RunOptions = {},
): Promise<StackRun> {
  return { tenant, ...(await runInMockedStack(config, tenant, "test", options)) };
}

/** Resolves one output (or plain value). */
export function valueOf<T>(input: pulumi.Input<T>): Promise<T> {
  return new Promise((resolve) => pulumi.output(input).apply((v) => resolve(v as T)));
}
