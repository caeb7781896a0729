/**
 * The validated config: what the program declares from. Produced only when there are no issues,
 * with defaults applied, references resolved and the certificate parsed.
 */
import type { ApiTarget } from "../apiRefs";
import type { Cloud } from "../clouds";
import type { CertificateDetails } from "./certificate";

export interface ValidatedConfig {
  tenantId: string;
  cloud: Cloud;
  apis: ValidatedApi[];
  apps: ValidatedApp[];
}

export interface ValidatedApi {
  name: string;
  displayName: string;
  description?: string;
  identifierUri?: string;
  owners: string[];
  appRoles: { value: string; description: string; displayName: string }[];
}

export interface ValidatedApp {
  name: string;
  displayName: string;
  description?: string;
  owners: string[];
  credential: ValidatedCredential;
  /** In config order; each resource API appears once. */
  permissions: ValidatedPermission[];
}

export type ValidatedCredential =
  | { type: "secret"; lifetimeDays: number; generation: number }
  | { type: "certificate"; lifetimeDays: number; certificate: CertificateDetails }
  | {
      type: "federated";
      issuer: string;
      subject: string;
      audiences: string[];
      description?: string;
    };

export interface ValidatedPermission {
  /** As written in config (alias, appId or API name); echoed in the outputs' grants. */
  api: string;
  target: ApiTarget;
  /** As written in config, no duplicates. */
  roles: string[];
}
