import type { FaultRule } from "./faults";
import type { MintArgs } from "./federation";

export type { FaultRule, FaultLimits, FaultTarget, ReplicatedObject } from "./faults";

/** Options for startEmulator(). */
export interface EmulatorOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. The emulator never listens beyond loopback. */
  port?: number;
  /** The tenant to serve (default DEFAULT_TENANT_ID); it also answers to its verified domain. */
  tenantId?: string;
  /** Load this snapshot at start if it exists; save to it after changes and on close (secrets hashed). */
  statePath?: string;
  /** Where to write the CA certificate (PEM); default a temporary file removed on close. */
  caOut?: string;
  /** Latency added to every request, in ms. */
  latencyMs?: number;
  /** Faults in force from the start (same shape as `POST /_emulator/faults`). */
  faults?: FaultRule[];
  /** No per-request log lines. */
  quiet?: boolean;
  /** Where per-request log lines go (default: stderr, unless quiet). Lines never hold secrets or tokens. */
  log?: (line: string) => void;
}

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

export interface RunningEmulator {
  /** `https://127.0.0.1:<port>`: use as msal's authority host, `${authorityHost}/${tenantId}`. */
  authorityHost: string;
  port: number;
  tenantId: string;
  tenantDomain: string;
  /** `${authorityHost}/v1.0`: Microsoft Graph paths, served by the same server. */
  graphBaseUrl: string;
  caFile: string;
  caPem: string;
  /** The tenant's admin app: Application.ReadWrite.All and AppRoleAssignment.ReadWrite.All on Graph. */
  admin: ClientCredentials;
  addTenant(
    tenantId: string,
    domain?: string,
  ): Promise<{ tenantId: string; tenantDomain: string; admin: ClientCredentials }>;
  /** In-process seeding and inspection, for tests. */
  directory: EmulatorDirectory;
  /** Acts as any external issuer an app's federated credential trusts (no network involved). */
  federation: { mint(args: MintArgs): Promise<string> };
  /** Replaces the faults in force. */
  setFaults(rules: FaultRule[]): void;
  /** The faults in force, with what is left of their count/time limits. */
  faults(): FaultRule[];
  /** Signing-key rollover: tokens issued after this call carry a new kid; JWKS keeps the previous key. */
  rotateSigningKey(): void;
  /** The kids in JWKS, active first (waits for a rollover in flight). */
  signingKeyIds(): Promise<string[]>;
  requestLog(): { total: number; byEndpoint: Record<string, number> };
  close(): Promise<void>;
}

export interface AppIds {
  appId: string;
  objectId: string;
  servicePrincipalId: string;
}

/**
 * Direct access to the directory for test set-up and assertions. Objects are found by appId in
 * any tenant; creation defaults to the emulator's tenant. Violations of Graph's rules throw the
 * same DirectoryError the Graph endpoints answer with.
 */
export interface EmulatorDirectory {
  createApplication(a: {
    displayName: string;
    identifierUris?: string[];
    appRoles?: { value: string; id?: string; description?: string }[];
    requestedAccessTokenVersion?: 1 | 2 | null;
    /** On its service principal: tokens only for clients holding a role (AADSTS501051 otherwise). */
    appRoleAssignmentRequired?: boolean;
    tenantId?: string;
  }): AppIds;
  addPassword(
    appId: string,
    p?: { displayName?: string; startDateTime?: Date; endDateTime?: Date },
  ): { keyId: string; secretText: string; endDateTime: string };
  addCertificate(
    appId: string,
    certPem: string,
    p?: { endDateTime?: Date; startDateTime?: Date },
  ): { keyId: string };
  addFederatedCredential(
    appId: string,
    f: { name?: string; issuer: string; subject: string; audiences?: string[] },
  ): { id: string };
  assignAppRole(a: { principalAppId: string; resourceAppId: string; role: string }): { id: string };
  removeAppRoleAssignment(id: string): void;
  setServicePrincipalEnabled(appId: string, enabled: boolean): void;
  /** Microsoft Graph's appId, 00000003-0000-0000-c000-000000000000. */
  readonly graphAppId: string;
  /** The application as Graph returns it (GET /applications/{id}), or undefined. */
  application(appId: string): Record<string, unknown> | undefined;
  /** The service principal as Graph returns it, or undefined. */
  servicePrincipal(appId: string): Record<string, unknown> | undefined;
  /** Values of the app roles `principalAppId` holds on `resourceAppId`. */
  rolesOf(principalAppId: string, resourceAppId: string): string[];
  /** The Graph application permission id for a value, e.g. "Application.Read.All". */
  graphRoleId(value: string): string | undefined;
}
