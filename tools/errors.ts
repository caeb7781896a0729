/**
 * Exit codes, shared by every command and documented in `--help` and the README.
 * Only `tools/cli.ts` turns results and errors into a process exit code.
 */
export const ExitCode = {
  /** Everything checked passed. */
  Ok: 0,
  /** A verification ran and failed (wrong roles, rejected credential, ...). */
  VerificationFailed: 1,
  /** The command line, the config or an input file is wrong: fix the input and re-run. */
  Usage: 2,
  /** The environment is not ready: Pulumi CLI missing or not logged in, authority unreachable. */
  Environment: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error meant for the person at the terminal: printed as one line plus a hint, no stack. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    /** What to do about it, one line. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad flags, config or input files (exit 2). The message names the flag or field path. */
export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.Usage, hint);
  }
}

/** A missing tool or unreachable service (exit 3). */
export class EnvironmentError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.Environment, hint);
  }
}

export function isCliError(e: unknown): e is CliError {
  return e instanceof CliError;
}
