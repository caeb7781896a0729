/**
 * What `onboard verify` checks (targets) and what it reports. The report types are the
 * `--json` document; keep them in step with the README.
 */

/** Key material for one app, resolved from stack outputs plus flags, or from AZURE_* variables. */
export type TargetCredential =
  | { type: "secret"; secret: string; expiresAt?: string; createdAt?: string }
  | {
      type: "certificate";
      /** PKCS#8 PEM private key; never printed. */
      privateKeyPem: string;
      /** Public certificate PEM (sent as x5c so the authority can match it). */
      certificatePem: string;
      /** SHA-256 thumbprint, hex, of the certificate. */
      thumbprintSha256: string;
      expiresAt?: string;
      createdAt?: string;
    }
  | {
      type: "federated";
      /** Returns a fresh assertion from the external issuer (e.g. reads AZURE_FEDERATED_TOKEN_FILE). */
      assertion: () => Promise<string>;
      issuer?: string;
      subject?: string;
      expiresAt?: string;
    };

export interface ResourceCheckTarget {
  /** How the resource is named to people: the config's `api` value, or the scope's resource. */
  resource: string;
  /** `<resource>/.default`. */
  scope: string;
  /** Application (client) id of the resource, when known: the audience of v2 tokens. */
  resourceAppId?: string;
  /** Exactly the roles the token must carry. */
  expectedRoles: string[];
}

export interface AppTarget {
  name: string;
  tenantId: string;
  authorityHost: string;
  clientId: string;
  credential: TargetCredential;
  checks: ResourceCheckTarget[];
}

export type Status = "pass" | "fail";

export interface CheckError {
  /** AADSTS code (e.g. "AADSTS7000215"), an HTTP status ("HTTP 429"), or our own code. */
  code: string;
  message: string;
  hint: string;
  correlationId?: string;
}

export interface CheckResult {
  resource: string;
  scope: string;
  status: Status;
  tokenVersion: "1.0" | "2.0" | null;
  expectedRoles: string[];
  grantedRoles: string[];
  missingRoles: string[];
  extraRoles: string[];
  attempts: number;
  error?: CheckError;
  /** Only with --show-claims: the token's decoded payload (never the token itself). */
  claims?: Record<string, unknown>;
}

export interface AppResult {
  name: string;
  clientId: string;
  status: Status;
  credential: { type: TargetCredential["type"]; expiresAt: string | null; warning?: string };
  checks: CheckResult[];
}

export interface VerifyReport {
  ok: boolean;
  apps: AppResult[];
  summary: { passed: number; failed: number; durationMs: number };
}
