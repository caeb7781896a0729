import { readFile, writeFile } from "node:fs/promises";
import { ExitCode, UsageError } from "../errors";
import { useColour, type Io } from "../io";
import { targetFromEnvironment, type SingleAppFlags } from "./envTarget";
import { parseStackOutputs } from "./outputsSchema";
import { readStackOutputs } from "./pulumiCli";
import { renderHuman } from "./report/human";
import { renderJunit } from "./report/junit";
import { verifyApps, type VerifyOptions } from "./run";
import { targetsFromOutputs } from "./targets";
import type { AppTarget } from "./types";

/** Everything `onboard verify` takes, as parsed from flags. */
export interface VerifyCommandOptions extends SingleAppFlags {
  stack?: string;
  outputs?: string;
  app: string[];
  certificate: string[];
  federatedToken: string[];
  /** Seconds. */
  wait: number;
  expiryWarningDays: number;
  allowExtraRoles: boolean;
  concurrency: number;
  json: boolean;
  junit?: string;
  showClaims: boolean;
}

/** Extra knobs for in-process callers (tests, the rehearsal); not flags. */
export type VerifyInternals = Pick<VerifyOptions, "extraCaPem" | "http" | "retry">;

/** Runs `onboard verify` and returns its exit code; all output goes through `io`. */
export async function runVerify(
  o: VerifyCommandOptions,
  io: Io,
  internals: VerifyInternals = {},
): Promise<number> {
  const targets = await resolveTargets(o, io);
  if (targets.length === 0)
    throw new UsageError(
      "the stack outputs have no apps to verify",
      "add an entry to onboarding:apps and run `pulumi up`",
    );

  const progress = io.stderr.isTTY === true && targets.length > 1;
  const { report, unreachableOnly } = await verifyApps({
    targets,
    waitMs: o.wait * 1000,
    allowExtraRoles: o.allowExtraRoles,
    expiryWarningDays: o.expiryWarningDays,
    concurrency: o.concurrency,
    showClaims: o.showClaims,
    // Honour the NODE_EXTRA_CA_CERTS the command was given (in-process callers pass their own env).
    http: internals.http ?? undefined,
    extraCaPem: internals.extraCaPem,
    extraCaFiles: io.env.NODE_EXTRA_CA_CERTS ? [io.env.NODE_EXTRA_CA_CERTS] : undefined,
    retry: internals.retry,
    onProgress: progress
      ? (done, total) =>
          io.stderr.write(`\rverifying: ${done}/${total} app(s)${done === total ? "\n" : ""}`)
      : undefined,
  });

  if (o.junit) {
    try {
      await writeFile(o.junit, renderJunit(report));
    } catch (e) {
      throw new UsageError(`--junit ${o.junit}: cannot write the file: ${(e as Error).message}`);
    }
  }
  io.stdout.write(
    o.json
      ? `${JSON.stringify(report)}\n`
      : renderHuman(report, { colour: useColour(io.stdout, io.env) }),
  );
  if (report.ok) return ExitCode.Ok;
  return unreachableOnly ? ExitCode.Environment : ExitCode.VerificationFailed;
}

async function resolveTargets(o: VerifyCommandOptions, io: Io): Promise<AppTarget[]> {
  if (o.stack && o.outputs)
    throw new UsageError(
      "--stack and --outputs both given",
      "pass one: --stack reads outputs through the Pulumi CLI, --outputs from a file",
    );
  const singleFlags = [
    o.tenantId && "--tenant-id",
    o.clientId && "--client-id",
    o.clientCertificatePath && "--client-certificate-path",
    o.federatedTokenFile && "--federated-token-file",
    o.scope && "--scope",
    o.expectRole.length && "--expect-role",
  ].filter(Boolean);
  if (o.stack || o.outputs) {
    if (singleFlags.length)
      throw new UsageError(
        `${singleFlags.join(", ")} describe a single app and cannot be combined with --stack/--outputs`,
      );
    const source = o.stack
      ? `stack ${o.stack}`
      : o.outputs === "-"
        ? "stdin"
        : (o.outputs as string);
    const raw = o.stack
      ? await readStackOutputs(o.stack, io.cwd, io.env)
      : await readJsonInput(o.outputs as string, io);
    const outputs = parseStackOutputs(raw, source);
    return targetsFromOutputs(outputs, {
      apps: o.app,
      certificates: o.certificate,
      federatedTokens: o.federatedToken,
      authorityHost: o.authorityHost,
    });
  }
  if (o.app.length || o.certificate.length || o.federatedToken.length) {
    throw new UsageError(
      "--app, --certificate and --federated-token select apps of a stack: add --stack <name> or --outputs <file>",
    );
  }
  return [await targetFromEnvironment(o, io.env)];
}

async function readJsonInput(path: string, io: Io): Promise<unknown> {
  let text: string;
  if (path === "-") {
    const chunks: Buffer[] = [];
    for await (const c of io.stdin)
      chunks.push(typeof c === "string" ? Buffer.from(c) : (c as Buffer));
    text = Buffer.concat(chunks).toString("utf8");
  } else {
    try {
      text = await readFile(path, "utf8");
    } catch (e) {
      throw new UsageError(
        `--outputs ${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
        "write it with `pulumi stack output --json --show-secrets > outputs.json`",
      );
    }
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(
      `--outputs ${path === "-" ? "-" : path}: not valid JSON (${(e as Error).message})`,
      "pass the output of `pulumi stack output --json --show-secrets`",
    );
  }
}
