import { access } from "node:fs/promises";
import type { StackOutputs } from "../../infra/outputs";
import { UsageError } from "../errors";
import {
  fileAssertion,
  loadCertificateFile,
  parseCertificateAndKey,
  parseNamedPath,
} from "./keyMaterial";
import type { AppTarget, TargetCredential } from "./types";

export interface StackTargetOptions {
  /** Only these apps (--app); all when empty. */
  apps: string[];
  /** --certificate name=path (PEM with certificate and private key). */
  certificates: string[];
  /** --federated-token name=path. */
  federatedTokens: string[];
  /** --authority-host overrides the outputs' authority host. */
  authorityHost?: string;
  /** In-process assertion sources (the rehearsal), by app name. */
  assertions?: Record<string, () => Promise<string>>;
  /** In-process key material (the rehearsal), by app name, instead of --certificate. */
  certificatePems?: Record<string, string>;
}

/**
 * Turns stack outputs into what verify checks. Certificate and federated apps need key material
 * that is never in the stack: it comes from flags, and anything missing is reported at once.
 */
export async function targetsFromOutputs(
  outputs: StackOutputs,
  o: StackTargetOptions,
): Promise<AppTarget[]> {
  const names = Object.keys(outputs.apps);
  const unknown = o.apps.filter((a) => !names.includes(a));
  if (unknown.length) {
    throw new UsageError(
      `--app ${unknown.join(", ")}: not in the stack outputs (apps: ${names.join(", ") || "none"})`,
      "check the names against onboarding:apps",
    );
  }
  const selected = o.apps.length ? names.filter((n) => o.apps.includes(n)) : names;
  const certs = new Map(o.certificates.map((v) => parseNamedPath(v, "--certificate")));
  const tokens = new Map(o.federatedTokens.map((v) => parseNamedPath(v, "--federated-token")));
  for (const n of [...certs.keys(), ...tokens.keys()]) {
    if (!names.includes(n))
      throw new UsageError(
        `--certificate/--federated-token ${n}=...: no app named ${n} in the stack outputs`,
      );
  }

  const missing: string[] = [];
  const targets: AppTarget[] = [];
  for (const name of selected) {
    const app = outputs.apps[name];
    const c = app.credential;
    let credential: TargetCredential | undefined;
    if (c.type === "secret") {
      credential = {
        type: "secret",
        secret: c.secret,
        expiresAt: c.expiresAt,
        createdAt: c.createdAt,
      };
    } else if (c.type === "certificate") {
      const path = certs.get(name);
      const pem = o.certificatePems?.[name];
      if (!path && !pem) {
        missing.push(
          `--certificate ${name}=<pem with certificate and private key> (thumbprint ${c.thumbprint})`,
        );
        continue;
      }
      const m = pem
        ? parseCertificateAndKey(pem, name)
        : await loadCertificateFile(path as string, `--certificate ${name}`);
      if (m.thumbprintSha1 !== c.thumbprint.toUpperCase()) {
        throw new UsageError(
          `--certificate ${name}: the certificate's thumbprint is ${m.thumbprintSha1}, but the app's registered certificate is ${c.thumbprint.toUpperCase()}`,
          "pass the PEM of the certificate that is in the stack config (onboarding:apps[].credential.certificatePem)",
        );
      }
      credential = {
        type: "certificate",
        privateKeyPem: m.privateKeyPem,
        certificatePem: m.certificatePem,
        thumbprintSha256: m.thumbprintSha256,
        expiresAt: c.expiresAt,
        createdAt: c.createdAt,
      };
    } else {
      const path = tokens.get(name);
      const inProcess = o.assertions?.[name];
      if (!path && !inProcess) {
        missing.push(
          `--federated-token ${name}=<file with a token from ${c.issuer} for subject ${c.subject}>`,
        );
        continue;
      }
      if (path) await assertReadable(path, `--federated-token ${name}`);
      credential = {
        type: "federated",
        assertion: inProcess ?? fileAssertion(path as string, `--federated-token ${name}`),
        issuer: c.issuer,
        subject: c.subject,
      };
    }
    targets.push({
      name,
      tenantId: outputs.tenantId,
      authorityHost: o.authorityHost ?? outputs.authorityHost,
      clientId: app.clientId,
      credential,
      checks: app.grants.map((g) => ({
        resource: g.api,
        scope: g.scope,
        resourceAppId: g.resourceAppId,
        expectedRoles: [...g.roles],
      })),
    });
  }
  if (missing.length) {
    throw new UsageError(
      `key material is missing for ${missing.length} app(s); pass:\n${missing.map((m) => `  ${m}`).join("\n")}`,
      "private keys and federated tokens never live in the stack; or limit the run with --app",
    );
  }
  return targets;
}

async function assertReadable(path: string, label: string): Promise<void> {
  try {
    await access(path);
  } catch {
    throw new UsageError(
      `${label}: cannot read ${path}`,
      "pass the path of a file that holds the token",
    );
  }
}
