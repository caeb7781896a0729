import { cloudByName, cloudNames } from "../../infra/clouds";
import { UsageError } from "../errors";
import { fileAssertion, loadCertificateFile } from "./keyMaterial";
import type { AppTarget, TargetCredential } from "./types";
import { GUID } from "../../infra/guid";

export interface SingleAppFlags {
  tenantId?: string;
  clientId?: string;
  clientCertificatePath?: string;
  federatedTokenFile?: string;
  authorityHost?: string;
  cloud?: string;
  scope?: string;
  expectRole: string[];
}

/**
 * One app described the @azure/identity way (EnvironmentCredential's variables), flags
 * overriding the environment. Every missing input is named in one usage error.
 */
export async function targetFromEnvironment(
  f: SingleAppFlags,
  env: NodeJS.ProcessEnv,
): Promise<AppTarget> {
  const tenantId = f.tenantId ?? env.AZURE_TENANT_ID;
  const clientId = f.clientId ?? env.AZURE_CLIENT_ID;
  const certPath = f.clientCertificatePath ?? env.AZURE_CLIENT_CERTIFICATE_PATH;
  const tokenFile = f.federatedTokenFile ?? env.AZURE_FEDERATED_TOKEN_FILE;
  const secret = env.AZURE_CLIENT_SECRET;

  const missing: string[] = [];
  if (!tenantId) missing.push("AZURE_TENANT_ID (or --tenant-id)");
  if (!clientId) missing.push("AZURE_CLIENT_ID (or --client-id)");
  if (!secret && !certPath && !tokenFile) {
    missing.push(
      "a credential: AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH (or --client-certificate-path) or AZURE_FEDERATED_TOKEN_FILE (or --federated-token-file)",
    );
  }
  if (!f.scope) missing.push("--scope <resource>/.default");
  if (missing.length) {
    throw new UsageError(
      `nothing to verify: use --stack <name>, --outputs <file>, or describe one app; missing: ${missing.join("; ")}`,
      "see `onboard verify --help` for the three ways to name what to verify",
    );
  }
  const problems: string[] = [];
  if (tenantId && !GUID.test(tenantId) && !/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(tenantId))
    problems.push(`tenant "${tenantId}" is neither a GUID nor a domain`);
  if (clientId && !GUID.test(clientId))
    problems.push(
      `client id "${clientId}" is not a GUID (use the Application (client) ID, not the object ID)`,
    );
  if (f.scope && !/^\S+\/\.default$/.test(f.scope))
    problems.push(
      `--scope "${f.scope}" must be one '<resource>/.default' (client credentials take no other scope)`,
    );
  if ([secret, certPath, tokenFile].filter(Boolean).length > 1) {
    problems.push(
      "more than one credential is set (AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH, AZURE_FEDERATED_TOKEN_FILE): keep one",
    );
  }
  const cloud = cloudByName(f.cloud);
  if (!cloud) problems.push(`--cloud ${f.cloud}: unknown cloud (one of ${cloudNames.join(", ")})`);
  const authorityHost = f.authorityHost ?? env.AZURE_AUTHORITY_HOST ?? cloud?.authorityHost;
  if (authorityHost && !/^https:\/\/[^/]+\/?$/.test(authorityHost))
    problems.push(`authority host "${authorityHost}" must be https://<host> with no path`);
  if (problems.length) throw new UsageError(problems.join("; "));

  let credential: TargetCredential;
  if (secret) credential = { type: "secret", secret };
  else if (certPath) {
    const m = await loadCertificateFile(certPath, "AZURE_CLIENT_CERTIFICATE_PATH");
    credential = {
      type: "certificate",
      privateKeyPem: m.privateKeyPem,
      certificatePem: m.certificatePem,
      thumbprintSha256: m.thumbprintSha256,
      expiresAt: m.notAfter,
    };
  } else
    credential = {
      type: "federated",
      assertion: fileAssertion(tokenFile as string, "AZURE_FEDERATED_TOKEN_FILE"),
    };

  const scope = f.scope as string;
  const resource = scope.replace(/\/\.default$/, "");
  return {
    name: clientId as string,
    tenantId: tenantId as string,
    authorityHost: (authorityHost as string).replace(/\/+$/, ""),
    clientId: clientId as string,
    credential,
    checks: [
      {
        resource,
        scope,
        resourceAppId: GUID.test(resource) ? resource : undefined,
        expectedRoles: [...new Set(f.expectRole)],
      },
    ],
  };
}
