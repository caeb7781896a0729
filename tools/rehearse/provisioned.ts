/**
 * The outcome of provisioning: the stack outputs when every resource was created, otherwise the
 * error the person at the terminal needs, split the way the exit codes are.
 */
import { ConfigValidationError } from "../../infra/errors";
import type { StackOutputs } from "../../infra/outputs";
import { formatIssues } from "../../infra/validation/issues";
import { CliError, ExitCode, UsageError } from "../errors";
import type { EmulatorMocks } from "./emulatorMocks";
import type { ProgramRun } from "./programUnderMocks";

export function provisionedOutputs(
  mocks: EmulatorMocks,
  run: ProgramRun,
  stackFile: string,
): StackOutputs {
  if (mocks.failures.length) {
    const list = mocks.failures.map((f) => `  - ${f.what}: ${f.error.message}`).join("\n");
    const skipped = mocks.skipped
      ? `\n  (${mocks.skipped} dependent resource(s) not attempted)`
      : "";
    // A type or invoke without a mapping is a gap in this tool, not in the config (exit 3).
    if (mocks.failures.some((f) => f.unsupported))
      throw new CliError(
        `the program declares what the rehearsal cannot create in the emulated tenant:\n${list}${skipped}`,
        ExitCode.Environment,
        "teach tools/rehearse/emulatorMocks.ts the new type (its Graph requests and outputs) before rehearsing",
      );
    // Graph refused a request `pulumi up` would make: a finding about the config (exit 1).
    throw new CliError(
      `the emulated tenant refused what \`pulumi up\` would ask of Entra:\n${list}${skipped}`,
      ExitCode.VerificationFailed,
      "fix the config entry behind the resource named; Graph's code and message say why",
    );
  }
  if (run.ok) return run.outputs;
  if (run.error instanceof ConfigValidationError)
    throw new UsageError(
      `${stackFile}: ${formatIssues(run.error.issues)}`,
      "fix the entries named above and re-run",
    );
  throw run.error instanceof Error ? run.error : new Error(String(run.error));
}
