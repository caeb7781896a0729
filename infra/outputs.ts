/**
 * The stack outputs: the contract between the Pulumi program (`infra/`) and `onboard verify`
 * (`tools/`). `pulumi stack output --json --show-secrets` prints exactly this shape.
 * Change it only together with both sides and their tests.
 */
export interface StackOutputs {
  /** Directory (tenant) id the apps were registered in. */
  tenantId: string;
  /** Where tokens are requested, following `azuread:environment` (e.g. https://login.microsoftonline.com). */
  authorityHost: string;
  /** Daemon apps by their config name. */
  apps: Record<string, AppOutput>;
}

export interface AppOutput {
  /** Application (client) id. */
  clientId: string;
  /** Object id of the app's service principal: the principal of its app role assignments. */
  servicePrincipalObjectId: string;
  credential: CredentialOutput;
  /** What the app was granted, one entry per resource API. */
  grants: GrantOutput[];
}

export type CredentialOutput =
  SecretCredentialOutput | CertificateCredentialOutput | FederatedCredentialOutput;

export interface SecretCredentialOutput {
  type: "secret";
  /** The current (newest) client secret. A Pulumi secret in the stack. */
  secret: string;
  /** RFC 3339 end date of the current secret. */
  expiresAt: string;
  /** RFC 3339 start date of the current secret (when it was created). */
  createdAt?: string;
  /** Entra key id of the current secret (not sensitive; shown in the portal). */
  keyId?: string;
}

export interface CertificateCredentialOutput {
  type: "certificate";
  /** SHA-1 thumbprint of the certificate, uppercase hex, as the portal shows it. */
  thumbprint: string;
  /** RFC 3339 end date of the key credential. */
  expiresAt: string;
  createdAt?: string;
}

export interface FederatedCredentialOutput {
  type: "federated";
  issuer: string;
  subject: string;
  audiences: string[];
}

export interface GrantOutput {
  /** The `permissions[].api` value from config: an alias, an appId, or an API from this stack. */
  api: string;
  /** Application (client) id of the resource API. */
  resourceAppId: string;
  /** Client-credentials scope for the resource, e.g. https://graph.microsoft.com/.default. */
  scope: string;
  /** App role values granted with admin consent, sorted. */
  roles: string[];
}
