/**
 * The streams and environment a command runs with. Commands take this instead of touching
 * `process` so tests can run them in-process and scan everything they printed.
 */
export interface Io {
  stdout: Output;
  stderr: Output;
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream;
  cwd: string;
}

export interface Output {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    stdin: process.stdin,
    cwd: process.cwd(),
  };
}

/** Colour only on a TTY and never when NO_COLOR is set (https://no-color.org). */
export function useColour(out: Output, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  return out.isTTY === true;
}
