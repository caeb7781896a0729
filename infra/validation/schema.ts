/**
 * The shape of `onboarding:apis` and `onboarding:apps` (structure only). Cross-field rules live in
 * semantic.ts and the certificate check in certificate.ts. Objects are strict so a misspelt key
 * is an error instead of a silently ignored setting.
 */
import { z } from "zod";

/** Names key resources and outputs; Entra's federated credential names allow the same set. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** Entra's app role value rule: no spaces, these punctuation marks only, not starting with ".". */
export const ROLE_VALUE_PATTERN =
  /^[A-Za-z0-9!#$%&'()*+,\-/:;=?@[\]^_{}~][A-Za-z0-9!#$%&'()*+,\-./:;=?@[\]^_{}~]*$/;

export const MAX_LIFETIME_DAYS = 730;
export const DEFAULT_LIFETIME_DAYS = 180;
/** Entra's token exchange audience for workload identity federation. */
export const DEFAULT_FEDERATED_AUDIENCE = "api://AzureADTokenExchange";

const name = z.string().regex(NAME_PATTERN);
const displayName = z.string().min(1).max(256);
const guid = z.guid();
const nonBlank = z.string().regex(/\S/);
const owners = z.array(guid);
const lifetimeDays = z.number().int().min(1).max(MAX_LIFETIME_DAYS).default(DEFAULT_LIFETIME_DAYS);

export const appRoleSchema = z.strictObject({
  value: z.string().regex(ROLE_VALUE_PATTERN),
  description: nonBlank,
  displayName: displayName.optional(),
});

export const apiSchema = z.strictObject({
  name,
  displayName: displayName.optional(),
  description: z.string().optional(),
  identifierUri: z.string().optional(),
  owners: owners.optional(),
  appRoles: z.array(appRoleSchema).min(1),
});

export const secretCredentialSchema = z.strictObject({
  type: z.literal("secret"),
  lifetimeDays,
  generation: z.number().int().min(1).default(1),
});

export const certificateCredentialSchema = z.strictObject({
  type: z.literal("certificate"),
  lifetimeDays,
  certificatePem: nonBlank,
});

export const federatedCredentialSchema = z.strictObject({
  type: z.literal("federated"),
  issuer: z.url({ protocol: /^https$/ }).max(600),
  subject: nonBlank.max(600),
  // Entra takes exactly one audience per federated credential.
  audiences: z.array(nonBlank.max(600)).min(1).max(1).default([DEFAULT_FEDERATED_AUDIENCE]),
  description: z.string().optional(),
});

export const credentialSchema = z.discriminatedUnion("type", [
  secretCredentialSchema,
  certificateCredentialSchema,
  federatedCredentialSchema,
]);

export const permissionSchema = z.strictObject({
  api: nonBlank,
  roles: z.array(nonBlank).min(1),
});

export const appSchema = z.strictObject({
  name,
  displayName: displayName.optional(),
  description: z.string().optional(),
  owners: owners.optional(),
  credential: credentialSchema,
  permissions: z.array(permissionSchema).default([]),
  allowPrivileged: z.strictObject({ reason: nonBlank }).optional(),
});

export type ApiConfig = z.infer<typeof apiSchema>;
export type AppConfig = z.infer<typeof appSchema>;
export type CredentialConfig = z.infer<typeof credentialSchema>;
export type PermissionConfig = z.infer<typeof permissionSchema>;

/** The keys each object accepts, for "unknown key" messages; indexed by what the object is. */
export const allowedKeys = {
  api: Object.keys(apiSchema.shape),
  appRole: Object.keys(appRoleSchema.shape),
  app: Object.keys(appSchema.shape),
  permission: Object.keys(permissionSchema.shape),
  allowPrivileged: ["reason"],
  secret: Object.keys(secretCredentialSchema.shape),
  certificate: Object.keys(certificateCredentialSchema.shape),
  federated: Object.keys(federatedCredentialSchema.shape),
} as const;
