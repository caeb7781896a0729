import yargs from "yargs";
import { CliError, ExitCode, isCliError } from "./errors";
import { processIo, type Io } from "./io";
import type { CommandContext, CommandFactory } from "./command";
import { emulatorCommand } from "./commands/emulator";
import { verifyCommand } from "./commands/verify";
import { rehearseCommand } from "./commands/rehearse";

const commands: CommandFactory[] = [verifyCommand, rehearseCommand, emulatorCommand];

const EPILOGUE = `Exit codes:
  0  everything passed
  1  a verification failed (see the report)
  2  usage, config or input error (fix the flag or field named)
  3  environment error (Pulumi CLI missing or not logged in, authority unreachable)

Docs: README.md in the entra-onboarding repository.`;

/**
 * The one place that turns command outcomes and errors into an exit code. Returns the code;
 * the bin sets `process.exitCode` from it.
 */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  const ctx: CommandContext = {
    io,
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  const verbose = argv.includes("--verbose");
  let parser = yargs(argv)
    .scriptName("onboard")
    .usage(
      "$0 <command> [options]\n\nOnboard daemon apps into Microsoft Entra ID and prove they get the right token.",
    )
    .option("verbose", { type: "boolean", describe: "Print stack traces for errors", global: true })
    .strict()
    .demandCommand(1, "Name a command: verify, rehearse or emulator.")
    .recommendCommands()
    .epilogue(EPILOGUE)
    .wrap(Math.min(110, io.stdout.columns ?? 100))
    .help()
    .alias("h", "help")
    .version(false)
    .exitProcess(false)
    .fail((msg, err) => {
      // yargs' own parse and validation errors (YError) are usage errors like its messages;
      // anything else thrown from a handler keeps its identity.
      if (err && (isCliError(err) || err.name !== "YError")) throw err;
      throw new CliError(
        msg || err?.message || "invalid command line",
        ExitCode.Usage,
        "run `onboard --help` (or `onboard <command> --help`) for usage",
      );
    });
  for (const factory of commands) parser = parser.command(factory(ctx));

  try {
    let helpShown = "";
    await parser.parseAsync(argv, {}, (_err, _argv, output) => {
      // yargs hands help/version text here instead of printing it, so it goes to our stdout.
      helpShown = output;
    });
    if (helpShown) io.stdout.write(helpShown.endsWith("\n") ? helpShown : helpShown + "\n");
  } catch (e) {
    return report(e, io, verbose);
  }
  return exitCode;
}

function report(e: unknown, io: Io, verbose: boolean): number {
  if (isCliError(e)) {
    io.stderr.write(`error: ${e.message}\n`);
    if (e.hint) io.stderr.write(`hint: ${e.hint}\n`);
    if (verbose && e.stack) io.stderr.write(`${e.stack}\n`);
    return e.exitCode;
  }
  // Not a user error: a bug or an unexpected failure. Say so, and keep the stack behind --verbose.
  const err = e instanceof Error ? e : new Error(String(e));
  io.stderr.write(`error: unexpected failure: ${err.message}\n`);
  io.stderr.write(
    verbose && err.stack ? `${err.stack}\n` : "hint: re-run with --verbose for details\n",
  );
  return ExitCode.Environment;
}
