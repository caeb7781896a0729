/**
 * From the stack's config as written to the config the program is rehearsed with. The config is
 * validated first, exactly as the program validates it, so a bad entry stops the rehearsal
 * before anything starts. Then what the emulated tenant cannot stand in for is settled up front:
 * certificates get throwaway key pairs, APIs outside this stack are refused with the reason.
 */
import { formatIssues } from "../../infra/validation/issues";
import type { ValidatedConfig } from "../../infra/validation/model";
import { CONFIG_KEYS, validateStackConfig } from "../../infra/validation/validateConfig";
import { UsageError } from "../errors";
import { throwawayCertificate } from "./throwawayCertificate";

export interface RehearsalConfig {
  validated: ValidatedConfig;
  /** What the program reads: the written config with the throwaway certificates in it. */
  programConfig: Record<string, unknown>;
  /** Certificate apps' throwaway certificate + private key (PEM), by app name. Memory only. */
  certificatePems: Record<string, string>;
  /** Said on stderr: what the rehearsal changed and why. */
  notes: string[];
}

export async function rehearsalConfig(
  written: Record<string, unknown>,
  stackFile: string,
  now = new Date(),
): Promise<RehearsalConfig> {
  const result = validateStackConfig(written, { now });
  if (!result.ok)
    throw new UsageError(
      `${stackFile}: ${formatIssues(result.issues)}`,
      "fix the entries named above; nothing was started",
    );
  const validated = result.config;
  refuseExternalApis(validated, stackFile);

  const notes: string[] = [];
  const programConfig = structuredClone(written);
  if (validated.cloud.name !== "public") {
    // The emulated tenant answers as the public cloud (graph.microsoft.com); the authority host
    // is the emulator's whatever the cloud.
    delete programConfig[CONFIG_KEYS.environment];
    notes.push(
      `azuread:environment ${validated.cloud.name}: rehearsed as the public cloud (the emulator serves graph.microsoft.com), so Graph grants use https://graph.microsoft.com/.default here`,
    );
  }

  const certificatePems: Record<string, string> = {};
  const rawApps = programConfig[CONFIG_KEYS.apps] as {
    name: string;
    credential: Record<string, unknown>;
  }[];
  await Promise.all(
    validated.apps.map(async (app) => {
      if (app.credential.type !== "certificate") return;
      const made = await throwawayCertificate(app.credential.certificate.pem);
      rawApps.find((a) => a.name === app.name)!.credential.certificatePem = made.certificatePem;
      certificatePems[app.name] = made.certificatePem + made.privateKeyPem;
    }),
  );
  const certApps = Object.keys(certificatePems);
  if (certApps.length)
    notes.push(
      `certificate app(s) ${certApps.join(", ")}: rehearsed with a throwaway key pair (same subject and dates as the configured certificate); the real private key is never needed`,
    );
  return { validated, programConfig, certificatePems, notes };
}

/**
 * An API already in a real tenant (by appId, other than Microsoft Graph) has no counterpart in
 * the emulated one, and inventing its roles would prove nothing: say so, naming the entries.
 */
function refuseExternalApis(config: ValidatedConfig, stackFile: string): void {
  const uses: string[] = [];
  config.apps.forEach((app, i) =>
    app.permissions.forEach((perm, j) => {
      if (perm.target.kind === "external")
        uses.push(`onboarding:apps[${i}].permissions[${j}].api (${perm.api}, app ${app.name})`);
    }),
  );
  if (uses.length)
    throw new UsageError(
      `${stackFile}: the rehearsal cannot stand in for APIs outside this stack; the emulated tenant has only Microsoft Graph and this stack's own APIs:\n${uses.map((u) => `  - ${u}`).join("\n")}`,
      "rehearse a stack (or a copy of it) without those grants; `pulumi preview` checks them against the real tenant",
    );
}
