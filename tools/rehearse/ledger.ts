/**
 * What the rehearsal created in the emulated tenant, as Graph answered: the plan printed to
 * people is read from here, so it shows the tenant's real ids and role ids. Secrets are never
 * recorded.
 */

export interface AppRoleRecord {
  id: string;
  value: string;
}

export interface ApplicationRecord {
  /** Pulumi resource name. */
  name: string;
  objectId: string;
  appId: string;
  displayName: string;
  identifierUris: string[];
  appRoles: AppRoleRecord[];
}

export interface ServicePrincipalRecord {
  /** Pulumi resource name; absent for service principals read, not created (Graph's). */
  name?: string;
  objectId: string;
  appId: string;
  displayName: string;
  appRoles: AppRoleRecord[];
}

export type CredentialRecord =
  | {
      kind: "password";
      name: string;
      applicationObjectId: string;
      keyId: string;
      endDateTime: string;
    }
  | {
      kind: "certificate";
      name: string;
      applicationObjectId: string;
      keyId: string;
      endDateTime: string;
    }
  | {
      kind: "federated";
      name: string;
      applicationObjectId: string;
      id: string;
      issuer: string;
      subject: string;
      audiences: string[];
    };

export interface AssignmentRecord {
  name: string;
  id: string;
  appRoleId: string;
  principalId: string;
  resourceId: string;
  resourceDisplayName: string;
}

export class Ledger {
  readonly applications: ApplicationRecord[] = [];
  /** Created ones and ones looked up (getServicePrincipal), by object id. */
  readonly servicePrincipals = new Map<string, ServicePrincipalRecord>();
  readonly credentials: CredentialRecord[] = [];
  readonly assignments: AssignmentRecord[] = [];

  applicationByAppId(appId: string): ApplicationRecord | undefined {
    return this.applications.find((a) => a.appId === appId);
  }

  servicePrincipalByAppId(appId: string): ServicePrincipalRecord | undefined {
    for (const sp of this.servicePrincipals.values()) if (sp.appId === appId) return sp;
    return undefined;
  }

  /** The value of role `appRoleId` on the resource service principal `resourceId`. */
  roleValue(resourceId: string, appRoleId: string): string | undefined {
    return this.servicePrincipals.get(resourceId)?.appRoles.find((r) => r.id === appRoleId)?.value;
  }
}
