import { spawn } from "node:child_process";
import { join } from "node:path";

export const CLIENTS_DIR = join(__dirname, "clients");

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The last stdout line parsed as JSON (the client scripts print exactly one). */
  json: Record<string, unknown>;
}

/**
 * Runs a client in its own process with the environment given on top of a clean copy of ours.
 * TLS verification is never relaxed: NODE_TLS_REJECT_UNAUTHORIZED is removed, not set.
 */
export function runClient(
  command: string,
  args: string[],
  env: Record<string, string | undefined>,
  timeoutMs = 30_000,
): Promise<RunResult> {
  const base = { ...process.env };
  delete base.NODE_TLS_REJECT_UNAUTHORIZED;
  delete base.NODE_EXTRA_CA_CERTS;
  delete base.REQUESTS_CA_BUNDLE;
  delete base.SSL_CERT_FILE;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...base, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      const last = stdout.trim().split("\n").pop() ?? "";
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(last) as Record<string, unknown>;
      } catch {
        // leave empty; the test reports stdout/stderr
      }
      resolve({ code, stdout, stderr, json });
    });
  });
}
