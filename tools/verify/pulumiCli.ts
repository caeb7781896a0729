import { execFile } from "node:child_process";
import { EnvironmentError, UsageError } from "../errors";

/**
 * Reads a stack's outputs through the Pulumi CLI. Missing CLI or login are environment errors
 * (exit 3); an unknown stack is a usage error (exit 2).
 */
export function readStackOutputs(
  stack: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    execFile(
      "pulumi",
      ["stack", "output", "--json", "--show-secrets", "--stack", stack],
      { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
      (err, stdout, stderr) => {
        if (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === "ENOENT") {
            return reject(
              new EnvironmentError(
                "the Pulumi CLI is not installed or not on PATH",
                "install it (https://www.pulumi.com/docs/install/), or pass the outputs as JSON with --outputs file.json",
              ),
            );
          }
          const text = String(stderr || err.message).trim();
          const first = text.split(/\r?\n/).find((l) => l.trim()) ?? text;
          if (/no stack named|stack .* not found/i.test(text)) {
            return reject(
              new UsageError(
                `--stack ${stack}: ${first}`,
                "list stacks with `pulumi stack ls`, then pass one with --stack",
              ),
            );
          }
          if (/login|PULUMI_ACCESS_TOKEN|not logged in|unauthorized|backend/i.test(text)) {
            return reject(
              new EnvironmentError(
                `pulumi could not read stack ${stack}: ${first}`,
                "run `pulumi login` (or set PULUMI_ACCESS_TOKEN / PULUMI_BACKEND_URL)",
              ),
            );
          }
          return reject(
            new EnvironmentError(
              `\`pulumi stack output\` failed for stack ${stack}: ${first}`,
              "run it yourself to see the full message",
            ),
          );
        }
        try {
          resolve(JSON.parse(stdout));
        } catch {
          reject(
            new EnvironmentError(
              `\`pulumi stack output --json\` printed something that is not JSON`,
              "check the Pulumi CLI version (3.x prints JSON)",
            ),
          );
        }
      },
    );
  });
}
