import type { Io } from "../io";
import { startEmulator } from "./start";
import type { EmulatorOptions, RunningEmulator } from "./types";

export interface RunEmulatorOptions extends EmulatorOptions {
  /** Print exactly one JSON line on stdout when ready, for scripts. */
  json: boolean;
}

/** The start-up line `--json` prints (its keys are a contract for scripts and other suites). */
export interface StartupLine {
  authorityHost: string;
  tenantId: string;
  graphBaseUrl: string;
  caFile: string;
  admin: { clientId: string; clientSecret: string };
}

/**
 * `onboard emulator`: start, announce (human lines or one JSON line on stdout), serve until
 * `stop` resolves (SIGINT/SIGTERM from the command), then close and save state. Request log
 * lines go to stderr. The admin secret is printed because the issue asks for it: it is the only
 * way a script can drive a fresh emulator, and it only ever grants access to this local emulator.
 */
export async function runEmulator(
  o: RunEmulatorOptions,
  io: Io,
  stop: Promise<void>,
): Promise<StartupLine> {
  const e = await startEmulator({
    ...o,
    log: o.quiet ? undefined : (line) => void io.stderr.write(`emulator: ${line}\n`),
  });
  const line: StartupLine = {
    authorityHost: e.authorityHost,
    tenantId: e.tenantId,
    graphBaseUrl: e.graphBaseUrl,
    caFile: e.caFile,
    admin: e.admin,
  };
  io.stdout.write(o.json ? JSON.stringify(line) + "\n" : human(e));
  try {
    await stop;
  } finally {
    await e.close();
  }
  return line;
}

function human(e: RunningEmulator): string {
  return [
    "Entra ID emulator ready (Ctrl+C to stop)",
    `  authority host   ${e.authorityHost}`,
    `  tenant           ${e.tenantId} (${e.tenantDomain})`,
    `  authority        ${e.authorityHost}/${e.tenantId}`,
    `  Graph            ${e.graphBaseUrl}`,
    `  CA certificate   ${e.caFile}`,
    `  admin client id  ${e.admin.clientId}`,
    `  admin secret     ${e.admin.clientSecret}`,
    "Trust the CA in clients:",
    `  export NODE_EXTRA_CA_CERTS=${e.caFile}   # Node.js (msal-node, @azure/identity)`,
    `  export REQUESTS_CA_BUNDLE=${e.caFile}    # Python requests (MSAL for Python)`,
    `  export SSL_CERT_FILE=${e.caFile}         # OpenSSL-based tools (curl, Go)`,
    "",
  ].join("\n");
}
