import { Readable } from "node:stream";
import type { Io } from "../../tools/io";

/** An Io that records everything a command prints, for assertions and secret scans. */
export interface CapturedIo extends Io {
  out(): string;
  err(): string;
}

export function captureIo(
  opts: { env?: NodeJS.ProcessEnv; stdin?: string; cwd?: string; tty?: boolean } = {},
): CapturedIo {
  let out = "";
  let err = "";
  return {
    stdout: { write: (s: string) => ((out += s), true), isTTY: opts.tty ?? false },
    stderr: { write: (s: string) => ((err += s), true), isTTY: opts.tty ?? false },
    env: opts.env ?? {},
    stdin: Readable.from(opts.stdin !== undefined ? [opts.stdin] : []),
    cwd: opts.cwd ?? process.cwd(),
    out: () => out,
    err: () => err,
  };
}
