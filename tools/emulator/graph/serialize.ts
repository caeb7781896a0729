import type {
  AppRole,
  AppRoleAssignment,
  Application,
  FederatedIdentityCredential,
  KeyCredential,
  PasswordCredential,
  ServicePrincipal,
} from "../directory/model";
import type { Tenant } from "../directory/tenant";

/**
 * Graph v1.0 JSON for the directory's objects: the properties Graph returns by default, with
 * null/empty values where the emulator has nothing to say, and anything a client set that the
 * emulator does not interpret echoed back as given.
 */

const INFO = {
  logoUrl: null,
  marketingUrl: null,
  privacyStatementUrl: null,
  supportUrl: null,
  termsOfServiceUrl: null,
};
const PUBLISHER = { displayName: null, verifiedPublisherId: null, addedDateTime: null };

export function appRoleJson(r: AppRole) {
  return {
    allowedMemberTypes: r.allowedMemberTypes,
    description: r.description,
    displayName: r.displayName,
    id: r.id,
    isEnabled: r.isEnabled,
    origin: r.origin,
    value: r.value,
  };
}

/** Graph never returns a stored secret: `secretText` is only in addPassword's answer. */
export function passwordJson(c: PasswordCredential, secretText: string | null = null) {
  return {
    customKeyIdentifier: null,
    displayName: c.displayName,
    endDateTime: c.endDateTime,
    hint: c.hint,
    keyId: c.keyId,
    secretText,
    startDateTime: c.startDateTime,
  };
}

/** `key` is null unless asked for with `$select=keyCredentials` on a single object, as in Graph. */
export function keyJson(k: KeyCredential, withKey = false) {
  return {
    customKeyIdentifier: k.customKeyIdentifier,
    displayName: k.displayName,
    endDateTime: k.endDateTime,
    key: withKey ? k.key : null,
    keyId: k.keyId,
    startDateTime: k.startDateTime,
    type: k.type,
    usage: k.usage,
  };
}

export function ficJson(f: FederatedIdentityCredential) {
  return {
    id: f.id,
    name: f.name,
    issuer: f.issuer,
    subject: f.subject,
    description: f.description,
    audiences: f.audiences,
  };
}

export function applicationJson(
  t: Tenant,
  app: Application,
  withKeys = false,
): Record<string, unknown> {
  const { api, ...extra } = app.extra as { api?: Record<string, unknown> };
  return {
    id: app.id,
    deletedDateTime: null,
    applicationTemplateId: null,
    disabledByMicrosoftStatus: null,
    description: null,
    groupMembershipClaims: null,
    isDeviceOnlyAuthSupported: null,
    isFallbackPublicClient: null,
    notes: null,
    serviceManagementReference: null,
    tags: [],
    tokenEncryptionKeyId: null,
    uniqueName: null,
    addIns: [],
    info: INFO,
    optionalClaims: null,
    parentalControlSettings: { countriesBlockedForMinors: [], legalAgeGroupRule: "Allow" },
    publicClient: { redirectUris: [] },
    requiredResourceAccess: [],
    verifiedPublisher: PUBLISHER,
    web: {
      homePageUrl: null,
      logoutUrl: null,
      redirectUris: [],
      implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false },
      redirectUriSettings: [],
    },
    spa: { redirectUris: [] },
    ...extra,
    appId: app.appId,
    createdDateTime: app.createdDateTime,
    displayName: app.displayName,
    identifierUris: app.identifierUris,
    publisherDomain: t.domain,
    signInAudience: app.signInAudience,
    api: {
      acceptMappedClaims: null,
      knownClientApplications: [],
      oauth2PermissionScopes: [],
      preAuthorizedApplications: [],
      ...api,
      requestedAccessTokenVersion: app.requestedAccessTokenVersion,
    },
    appRoles: app.appRoles.map(appRoleJson),
    keyCredentials: app.keyCredentials.map((k) => keyJson(k, withKeys)),
    passwordCredentials: app.passwordCredentials.map((c) => passwordJson(c)),
  };
}

export function servicePrincipalJson(t: Tenant, sp: ServicePrincipal): Record<string, unknown> {
  const app = sp.builtIn ? undefined : t.appByAppId(sp.appId);
  return {
    id: sp.id,
    deletedDateTime: null,
    accountEnabled: sp.accountEnabled,
    alternativeNames: [],
    appDisplayName: app?.displayName ?? sp.displayName,
    appDescription: null,
    appId: sp.appId,
    applicationTemplateId: null,
    appOwnerOrganizationId: sp.builtIn?.appOwnerOrganizationId ?? t.id,
    appRoleAssignmentRequired: sp.appRoleAssignmentRequired,
    createdDateTime: sp.createdDateTime,
    description: null,
    disabledByMicrosoftStatus: null,
    displayName: sp.displayName,
    homepage: null,
    loginUrl: null,
    logoutUrl: null,
    notes: null,
    notificationEmailAddresses: [],
    preferredSingleSignOnMode: null,
    preferredTokenSigningKeyThumbprint: null,
    replyUrls: [],
    servicePrincipalNames: t.servicePrincipalNames(sp),
    servicePrincipalType: "Application",
    signInAudience: app?.signInAudience ?? "AzureADMultipleOrgs",
    tags: sp.tags,
    tokenEncryptionKeyId: null,
    info: INFO,
    samlSingleSignOnSettings: null,
    verifiedPublisher: PUBLISHER,
    addIns: [],
    appRoles: t.appRolesOf(sp).map(appRoleJson),
    keyCredentials: [],
    oauth2PermissionScopes: [],
    passwordCredentials: [],
    resourceSpecificApplicationPermissions: [],
  };
}

export function assignmentJson(t: Tenant, a: AppRoleAssignment): Record<string, unknown> {
  return {
    id: a.id,
    deletedDateTime: null,
    appRoleId: a.appRoleId,
    createdDateTime: a.createdDateTime,
    principalDisplayName: t.spById(a.principalId)?.displayName ?? null,
    principalId: a.principalId,
    principalType: "ServicePrincipal",
    resourceDisplayName: t.spById(a.resourceId)?.displayName ?? null,
    resourceId: a.resourceId,
  };
}
