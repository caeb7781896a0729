import type { Argv } from "yargs";
import type { CommandFactory } from "../command";
import { EnvironmentError, UsageError } from "../errors";
import { GUID } from "../../infra/guid";

const FAULT_HELP = `Faults (--fault, repeatable): <kind>[:key=value,...]
  kinds  replication (ms=), latency (ms=), throttle|429, unavailable|503, drop
  keys   app=<client id>  count=<requests>  for=<duration>  ms=<duration>
         retry-after=<seconds>  target=token|discovery|graph|any (default token)
         objects=application+secret+certificate+roleAssignment (replication)
  durations: 250, 250ms, 30s, 2m
At run time: POST /_emulator/faults {"rules":[...]}, POST /_emulator/keys/rollover and
GET /_emulator/requests, with a Graph token of the admin app (Application.ReadWrite.All).

Default tenant: 7e1ca1e5-0e1a-4d5e-9a7b-0e3b1a5e7001 (emulator.onmicrosoft.com).
Clients trust the printed CA with NODE_EXTRA_CA_CERTS, REQUESTS_CA_BUNDLE or SSL_CERT_FILE.`;

interface EmulatorArgv {
  port: number;
  tenant?: string;
  state?: string;
  "ca-out"?: string;
  "latency-ms": number;
  "replication-delay-ms"?: number;
  fault: string[];
  json: boolean;
  quiet: boolean;
}

/** `onboard emulator`: a local Entra ID + Graph emulator that runs until interrupted. */
export const emulatorCommand: CommandFactory = (ctx) => ({
  command: "emulator",
  describe:
    "Run a local Entra ID emulator (token endpoints and a Microsoft Graph subset) over HTTPS on 127.0.0.1",
  builder: (y: Argv) =>
    y
      .option("port", {
        requiresArg: true,
        type: "number",
        default: 0,
        describe: "Port on 127.0.0.1 (0 = any free port)",
      })
      .option("tenant", {
        requiresArg: true,
        type: "string",
        describe: "Tenant id (GUID) to serve (default: the emulator's fixed tenant)",
      })
      .option("state", {
        requiresArg: true,
        type: "string",
        describe:
          "Load the directory from this JSON file and save changes to it (secrets stored hashed)",
      })
      .option("ca-out", {
        requiresArg: true,
        type: "string",
        describe: "Write the CA certificate (PEM) here (default: a temporary file)",
      })
      .option("latency-ms", {
        requiresArg: true,
        type: "number",
        default: 0,
        describe: "Latency added to every request",
      })
      .option("replication-delay-ms", {
        requiresArg: true,
        type: "number",
        describe:
          "New apps, secrets, certificates and role assignments stay invisible to the token endpoint this long",
      })
      .option("fault", {
        requiresArg: true,
        type: "string",
        array: true,
        default: [],
        describe: "Inject a fault (see below); repeat for more",
      })
      .option("json", {
        type: "boolean",
        default: false,
        describe:
          "When ready, print exactly one JSON line: authorityHost, tenantId, graphBaseUrl, caFile, admin",
      })
      .option("quiet", {
        type: "boolean",
        default: false,
        describe: "Do not log requests to stderr",
      })
      .example(
        "$0 emulator",
        "Start with a fresh tenant; prints the authority, CA file and admin credentials",
      )
      .example(
        "$0 emulator --json --ca-out ca.pem --state emulator.json",
        "For scripts: one JSON line, a fixed CA path, a persistent directory",
      )
      .example(
        "$0 emulator --fault 429:retry-after=2,count=3 --replication-delay-ms 30000",
        "Three throttled token requests, then 30 s replication lag",
      )
      .epilogue(FAULT_HELP),
  handler: async (args) => {
    const argv = args as unknown as EmulatorArgv; // the shape the builder above declares
    const options = await toOptions(argv);
    const { runEmulator } = await import("../emulator/run");
    try {
      await runEmulator(options, ctx.io, untilSignalled());
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === "EADDRINUSE")
        throw new EnvironmentError(
          `port ${argv.port} on 127.0.0.1 is already in use`,
          "pick another --port, or 0 for any free port",
        );
      if (/state file/.test(err.message ?? ""))
        throw new UsageError(err.message, "fix or remove the --state file");
      throw e;
    }
  },
});

async function toOptions(a: EmulatorArgv) {
  if (!Number.isInteger(a.port) || a.port < 0 || a.port > 65535)
    throw new UsageError(
      `--port must be 0-65535, got ${a.port}`,
      "use --port 0 to take any free port",
    );
  if (a.tenant !== undefined && !GUID.test(a.tenant))
    throw new UsageError(
      `--tenant must be a GUID, got '${a.tenant}'`,
      "pass a tenant id such as 7e1ca1e5-0e1a-4d5e-9a7b-0e3b1a5e7001 (the default); clients may then use its domain too",
    );
  if (!Number.isInteger(a["latency-ms"]) || a["latency-ms"] < 0)
    throw new UsageError(
      `--latency-ms must be a whole number >= 0, got ${a["latency-ms"]}`,
      "e.g. --latency-ms 200",
    );
  const { parseFaultSpec } = await import("../emulator/faultSpec");
  const faults = [];
  for (const spec of a.fault) {
    try {
      faults.push(parseFaultSpec(spec));
    } catch (e) {
      throw new UsageError(
        (e as Error).message,
        "see `onboard emulator --help` for the --fault syntax",
      );
    }
  }
  const delay = a["replication-delay-ms"];
  if (delay !== undefined) {
    if (!Number.isInteger(delay) || delay <= 0)
      throw new UsageError(
        `--replication-delay-ms must be a whole number > 0, got ${delay}`,
        "e.g. --replication-delay-ms 30000",
      );
    faults.push({ kind: "replicationDelay" as const, ms: delay });
  }
  return {
    port: a.port,
    tenantId: a.tenant,
    statePath: a.state,
    caOut: a["ca-out"],
    latencyMs: a["latency-ms"],
    faults,
    json: a.json,
    quiet: a.quiet,
  };
}

/** Resolves on the first SIGINT or SIGTERM (the handler then closes the emulator and returns). */
function untilSignalled(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off("SIGINT", done);
      process.off("SIGTERM", done);
      resolve();
    };
    process.on("SIGINT", done);
    process.on("SIGTERM", done);
  });
}
