/**
 * The directory's objects, kept close to their Microsoft Graph v1.0 resources (application,
 * servicePrincipal, passwordCredential, keyCredential, federatedIdentityCredential,
 * appRoleAssignment) so serialising them is a projection, not a translation. Everything here is
 * plain JSON, which is also the `--state` snapshot format. No secret is ever stored in clear.
 */

export interface AppRole {
  id: string;
  value: string;
  displayName: string;
  description: string;
  allowedMemberTypes: string[];
  isEnabled: boolean;
  origin: "Application";
}

export interface PasswordCredential {
  keyId: string;
  displayName: string | null;
  /** First three characters of the secret, which Graph returns so people can tell secrets apart. */
  hint: string;
  startDateTime: string;
  endDateTime: string;
  /** When the emulator created it (ms since epoch), for the replication-delay fault. */
  createdAt: number;
  /** Per-credential random salt and HMAC-SHA256 of the secret (see secrets.ts). */
  salt: string;
  hash: string;
}

export interface KeyCredential {
  keyId: string;
  displayName: string | null;
  type: string;
  usage: string;
  startDateTime: string;
  endDateTime: string;
  /** base64 bytes; for certificates the SHA-1 thumbprint, as the portal and azuread provider set it. */
  customKeyIdentifier: string | null;
  /** base64 DER of the certificate (public material). */
  key: string;
  createdAt: number;
}

export interface FederatedIdentityCredential {
  id: string;
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
  description: string | null;
}

export interface Application {
  /** Object id. */
  id: string;
  /** Application (client) id. */
  appId: string;
  displayName: string;
  createdDateTime: string;
  createdAt: number;
  identifierUris: string[];
  appRoles: AppRole[];
  /** `api.requestedAccessTokenVersion`: null and 1 mean v1.0 access tokens for this resource. */
  requestedAccessTokenVersion: 1 | 2 | null;
  signInAudience: string;
  passwordCredentials: PasswordCredential[];
  keyCredentials: KeyCredential[];
  federatedIdentityCredentials: FederatedIdentityCredential[];
  /** Other Graph properties a client set (web, requiredResourceAccess, tags, ...), echoed back as given. */
  extra: Record<string, unknown>;
}

export interface ServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  createdDateTime: string;
  createdAt: number;
  accountEnabled: boolean;
  appRoleAssignmentRequired: boolean;
  tags: string[];
  /** First-party service principals (Microsoft Graph) have no application object in the tenant. */
  builtIn?: {
    appRoles: AppRole[];
    servicePrincipalNames: string[];
    appOwnerOrganizationId: string;
  };
  extra: Record<string, unknown>;
}

export interface AppRoleAssignment {
  id: string;
  appRoleId: string;
  /** Service principal holding the role. */
  principalId: string;
  /** Service principal of the resource (API) defining the role. */
  resourceId: string;
  createdDateTime: string;
  createdAt: number;
}

export interface TenantData {
  id: string;
  domain: string;
  displayName: string;
  /** appId of the emulator's admin app in this tenant. */
  adminAppId: string;
  applications: Application[];
  servicePrincipals: ServicePrincipal[];
  appRoleAssignments: AppRoleAssignment[];
}
