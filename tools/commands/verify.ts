import type { CommandFactory } from "../command";
import { UsageError } from "../errors";
import type { VerifyCommandOptions } from "../verify/command";

const DESCRIBE = "Prove every onboarded app gets a token with exactly its granted roles";

const EXAMPLES: [string, string][] = [
  [
    "$0 verify --stack dev",
    "verify every app of stack dev (reads `pulumi stack output --json --show-secrets`)",
  ],
  ["$0 verify --outputs outputs.json --app billing-worker", "verify one app from saved outputs"],
  [
    "pulumi stack output --json --show-secrets | $0 verify --outputs - --json",
    "in a pipeline, JSON report on stdout",
  ],
  [
    "$0 verify --stack dev --certificate orders-caller=./orders-caller.pem",
    "certificate apps need their PEM (certificate + private key)",
  ],
  [
    "AZURE_TENANT_ID=… AZURE_CLIENT_ID=… AZURE_CLIENT_SECRET=… $0 verify --scope https://graph.microsoft.com/.default --expect-role User.Read.All",
    "one app, the @azure/identity way",
  ],
];

const NOTES = `What is checked, per app and resource: a client-credentials token from msal-node (never
from a cache), its signature against the tenant's keys, iss/tid/aud/appid(azp)/exp/nbf/idtyp,
and that roles is exactly the grant (missing roles fail; extra roles fail as over-privileged
unless --allow-extra-roles). Replication errors (AADSTS700016; 7000215 and missing roles on new
credentials), 429 (honouring Retry-After), 5xx and network errors are retried with back-off
until --wait; permanent errors fail at once with the AADSTS code, Entra's message, the
correlation id and a hint.

Inputs: --stack, --outputs, or a single app from AZURE_TENANT_ID, AZURE_CLIENT_ID,
AZURE_CLIENT_SECRET | AZURE_CLIENT_CERTIFICATE_PATH | AZURE_FEDERATED_TOKEN_FILE and
AZURE_AUTHORITY_HOST (flags override). Secrets are read from the environment only, never
from flags. Nothing prints a secret or a token; --show-claims prints decoded claims only.

Exit codes: 0 all passed; 1 a verification failed; 2 usage, config or input error;
3 environment error (Pulumi CLI missing or not logged in, authority unreachable).`;

export const verifyCommand: CommandFactory = (ctx) => ({
  command: "verify",
  describe: DESCRIBE,
  builder: (y) =>
    y
      .usage(
        `$0 verify [--stack <name> | --outputs <file|-> | --scope <resource>/.default]\n\n${DESCRIBE}.`,
      )
      .option("stack", {
        requiresArg: true,
        type: "string",
        describe: "Read outputs of this Pulumi stack through the Pulumi CLI",
        group: "Inputs:",
      })
      .option("outputs", {
        type: "string",
        requiresArg: true,
        describe: "Read stack outputs JSON from a file, or - for stdin",
        group: "Inputs:",
      })
      .option("app", {
        type: "string",
        array: true,
        default: [],
        describe: "Verify only this app (repeatable)",
        group: "Inputs:",
      })
      .option("certificate", {
        type: "string",
        array: true,
        default: [],
        describe: "PEM (certificate + private key) of a certificate app: <app>=<path> (repeatable)",
        group: "Inputs:",
      })
      .option("federated-token", {
        type: "string",
        array: true,
        default: [],
        describe: "File holding a federated app's external token: <app>=<path> (repeatable)",
        group: "Inputs:",
      })
      .option("tenant-id", {
        requiresArg: true,
        type: "string",
        describe: "Single app: tenant GUID or domain [env AZURE_TENANT_ID]",
        group: "Single app:",
      })
      .option("client-id", {
        requiresArg: true,
        type: "string",
        describe: "Single app: application (client) id [env AZURE_CLIENT_ID]",
        group: "Single app:",
      })
      .option("client-certificate-path", {
        requiresArg: true,
        type: "string",
        describe:
          "Single app: PEM with certificate + private key [env AZURE_CLIENT_CERTIFICATE_PATH]",
        group: "Single app:",
      })
      .option("federated-token-file", {
        requiresArg: true,
        type: "string",
        describe: "Single app: file with the external token [env AZURE_FEDERATED_TOKEN_FILE]",
        group: "Single app:",
      })
      .option("scope", {
        requiresArg: true,
        type: "string",
        describe: "Single app: the resource's <resource>/.default scope",
        group: "Single app:",
      })
      .option("expect-role", {
        type: "string",
        array: true,
        default: [],
        describe: "Single app: a role the token must carry (repeatable); no others allowed",
        group: "Single app:",
      })
      .option("authority-host", {
        requiresArg: true,
        type: "string",
        describe: "Authority, e.g. https://login.microsoftonline.com [env AZURE_AUTHORITY_HOST]",
        group: "Checks:",
      })
      .option("cloud", {
        requiresArg: true,
        type: "string",
        default: "public",
        choices: ["public", "usgovernment", "usgovernmentl5", "china"],
        describe: "Cloud, when no authority host is given",
        group: "Checks:",
      })
      .option("wait", {
        requiresArg: true,
        type: "number",
        default: 120,
        describe: "Seconds to keep retrying replication, throttling and outages per app",
        group: "Checks:",
      })
      .option("expiry-warning-days", {
        requiresArg: true,
        type: "number",
        default: 30,
        describe: "Warn when a credential expires within this many days",
        group: "Checks:",
      })
      .option("allow-extra-roles", {
        type: "boolean",
        default: false,
        describe: "Accept tokens with roles beyond the grant",
        group: "Checks:",
      })
      .option("concurrency", {
        requiresArg: true,
        type: "number",
        default: 16,
        describe: "Apps verified at once",
        group: "Checks:",
      })
      .option("json", {
        type: "boolean",
        default: false,
        describe: "Print exactly one JSON document on stdout",
        group: "Output:",
      })
      .option("junit", {
        requiresArg: true,
        type: "string",
        describe: "Also write a JUnit XML report to this file",
        group: "Output:",
      })
      .option("show-claims", {
        type: "boolean",
        default: false,
        describe: "Print each token's decoded claims (never the token)",
        group: "Output:",
      })
      .check((a) => {
        if (!(Number(a.wait) >= 0)) throw new UsageError("--wait must be a number of seconds >= 0");
        if (!(Number(a.concurrency) >= 1)) throw new UsageError("--concurrency must be at least 1");
        if (!(Number(a["expiry-warning-days"]) >= 0))
          throw new UsageError("--expiry-warning-days must be >= 0");
        return true;
      })
      .example(EXAMPLES)
      .epilogue(NOTES),
  handler: async (argv: Record<string, unknown>) => {
    const { runVerify } = await import("../verify/command");
    const opts: VerifyCommandOptions = {
      stack: argv.stack as string | undefined,
      outputs: argv.outputs as string | undefined,
      app: argv.app as string[],
      certificate: argv.certificate as string[],
      federatedToken: argv["federated-token"] as string[],
      tenantId: argv["tenant-id"] as string | undefined,
      clientId: argv["client-id"] as string | undefined,
      clientCertificatePath: argv["client-certificate-path"] as string | undefined,
      federatedTokenFile: argv["federated-token-file"] as string | undefined,
      authorityHost: argv["authority-host"] as string | undefined,
      cloud: argv.cloud as string,
      scope: argv.scope as string | undefined,
      expectRole: argv["expect-role"] as string[],
      wait: argv.wait as number,
      expiryWarningDays: argv["expiry-warning-days"] as number,
      allowExtraRoles: argv["allow-extra-roles"] as boolean,
      concurrency: argv.concurrency as number,
      json: argv.json as boolean,
      junit: argv.junit as string | undefined,
      showClaims: argv["show-claims"] as boolean,
    };
    ctx.setExitCode(await runVerify(opts, ctx.io));
  },
});
