import type { CommandModule } from "yargs";
import type { Io } from "./io";

/**
 * What every command module gets from the entry point. A handler reports its outcome through
 * `setExitCode` (or throws a CliError); it never calls `process.exit`.
 */
export interface CommandContext {
  io: Io;
  setExitCode(code: number): void;
}

/** One CLI command: its yargs definition, built with the context it will run in. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CommandFactory = (ctx: CommandContext) => CommandModule<any, any>;
