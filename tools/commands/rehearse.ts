import type { CommandFactory } from "../command";
import { UsageError } from "../errors";
import type { RehearseOptions } from "../rehearse/rehearse";

const DESCRIBE =
  "Rehearse the whole job offline: provision a stack into an emulated tenant and verify it";

const EXAMPLES: [string, string][] = [
  ["$0 rehearse", "rehearse stack dev (Pulumi.dev.yaml in this folder); same as `npm start`"],
  ["$0 rehearse --stack prod --json > report.json", "in CI: verify's JSON document on stdout"],
];

const NOTES = `What it does: reads Pulumi.yaml and Pulumi.<stack>.yaml from the current folder (plain
values; secure: values are ignored), validates the config exactly as the program does, starts an
emulated Entra tenant in this process (tenant id = azuread:tenantId), runs the real program in
infra/ with every azuread resource created in that tenant through Microsoft Graph, then runs the
same checks as \`onboard verify\`: each app gets a token with exactly its granted roles.
Certificate apps use a throwaway key pair; federated apps an assertion the emulator issues as
their issuer. It prints what was created (APIs, apps, credentials, grants) and verify's table;
with --json, verify's JSON document on stdout and everything else on stderr.

It needs no network, no Pulumi CLI, no Azure tenant and no credentials. Nothing is written
outside one temporary folder, which is removed at the end; no secret or token is printed.
Not rehearsed: owners (the emulated tenant has no users) and APIs outside the stack (by appId,
other than Microsoft Graph), which it refuses with exit 2.

Exit codes, as verify: 0 every app passed; 1 a verification failed (or the emulated tenant
refused a request \`pulumi up\` would make); 2 usage or config error (nothing was started);
3 environment error.`;

export const rehearseCommand: CommandFactory = (ctx) => ({
  command: "rehearse",
  describe: DESCRIBE,
  builder: (y) =>
    y
      .usage(`$0 rehearse [--stack <name>] [--json] [--wait <seconds>]\n\n${DESCRIBE}.`)
      .option("stack", {
        type: "string",
        defaultDescription: "dev",
        describe: "Stack whose Pulumi.<stack>.yaml to rehearse",
      })
      .option("json", {
        type: "boolean",
        default: false,
        describe: "Print verify's JSON document on stdout (the plan goes to stderr)",
      })
      .option("wait", {
        type: "number",
        defaultDescription: "0",
        describe: "Seconds verify keeps retrying per app (the emulated tenant replicates at once)",
      })
      // Defaults are applied in the handler, not by yargs, which would also put them in for a
      // flag given without its value (`--stack` alone would rehearse dev).
      .check((a) => {
        if ("stack" in a && (typeof a.stack !== "string" || a.stack.trim() === ""))
          throw new UsageError("--stack needs a stack name, e.g. --stack dev");
        if ("wait" in a && !(Number(a.wait) >= 0))
          throw new UsageError("--wait must be a number of seconds >= 0");
        return true;
      })
      .example(EXAMPLES)
      .epilogue(NOTES),
  handler: async (argv: Record<string, unknown>) => {
    const { rehearse } = await import("../rehearse/rehearse");
    const opts: RehearseOptions = {
      stack: (argv.stack as string | undefined) ?? "dev",
      json: argv.json as boolean,
      wait: (argv.wait as number | undefined) ?? 0,
    };
    ctx.setExitCode((await rehearse(opts, ctx.io)).exitCode);
  },
});
