import { randomUUID } from "node:crypto";
import { z } from "zod";
import { badRequest, DirectoryError } from "./errors";
import type { AppRole, Application, ServicePrincipal } from "./model";
import type { Tenant } from "./tenant";
import { patchKeyCredentials } from "./credentials";
import { iso } from "./util";
import { GUID } from "../../../infra/guid";

/** Graph properties the emulator interprets; anything else a client sends is kept in `extra`. */
const HANDLED = new Set([
  "id",
  "appId",
  "createdDateTime",
  "deletedDateTime",
  "displayName",
  "identifierUris",
  "appRoles",
  "signInAudience",
  "keyCredentials",
  "passwordCredentials",
  "federatedIdentityCredentials",
  "api",
  "publisherDomain",
]);

const guid = z.string().regex(GUID);
const appRoleSchema = z.object({
  id: guid,
  value: z.string().min(1).max(249).nullable().optional(),
  displayName: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  allowedMemberTypes: z.array(z.enum(["User", "Application"])).min(1),
  isEnabled: z.boolean().optional(),
});
const applicationSchema = z.looseObject({
  displayName: z.string().min(1).max(256).optional(),
  identifierUris: z.array(z.string().min(1)).optional(),
  appRoles: z.array(appRoleSchema).optional(),
  signInAudience: z
    .enum([
      "AzureADMyOrg",
      "AzureADMultipleOrgs",
      "AzureADandPersonalMicrosoftAccount",
      "PersonalMicrosoftAccount",
    ])
    .optional(),
  api: z
    .looseObject({
      requestedAccessTokenVersion: z.union([z.literal(1), z.literal(2), z.null()]).optional(),
    })
    .nullable()
    .optional(),
  keyCredentials: z.array(z.record(z.string(), z.unknown())).optional(),
  passwordCredentials: z.array(z.unknown()).optional(),
});

/** Parses a Graph request body the way Graph rejects bad ones: 400 naming the property. */
function parse(body: unknown): z.infer<typeof applicationSchema> {
  const r = applicationSchema.safeParse(body);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw badRequest(
    `Invalid value specified for property '${issue.path.join(".")}' of resource 'Application'.`,
  );
}

/** POST /applications. */
export function createApplication(t: Tenant, body: unknown): Application {
  const b = parse(body);
  if (!b.displayName) throw badRequest("Property 'displayName' is required.");
  const now = new Date();
  const app: Application = {
    id: randomUUID(),
    appId: randomUUID(),
    displayName: b.displayName,
    createdDateTime: iso(now),
    createdAt: now.getTime(),
    identifierUris: [],
    appRoles: [],
    requestedAccessTokenVersion: null,
    signInAudience: b.signInAudience ?? "AzureADMyOrg",
    passwordCredentials: [],
    keyCredentials: [],
    federatedIdentityCredentials: [],
    extra: {},
  };
  applyPatch(t, app, b, true);
  t.putApplication(app);
  t.changed();
  return app;
}

/** PATCH /applications/{id}. */
export function patchApplication(t: Tenant, app: Application, body: unknown): void {
  applyPatch(t, app, parse(body), false);
  t.changed();
}

/** DELETE /applications/{id}: like Entra, deleting an app also removes its service principal here. */
export function deleteApplication(t: Tenant, app: Application): void {
  t.dropApplication(app);
  const sp = t.spByAppId(app.appId);
  if (sp) t.dropServicePrincipal(sp);
  t.changed();
}

/** POST /servicePrincipals `{ appId }`. */
export function createServicePrincipal(
  t: Tenant,
  body: {
    appId?: unknown;
    accountEnabled?: unknown;
    appRoleAssignmentRequired?: unknown;
    tags?: unknown;
  },
): ServicePrincipal {
  if (typeof body.appId !== "string") throw badRequest("Property 'appId' is required.");
  const app = t.appByAppId(body.appId);
  if (!app)
    throw badRequest(
      `The appId '${body.appId}' of the service principal does not reference a valid application object.`,
    );
  if (t.spByAppId(app.appId))
    throw new DirectoryError(
      409,
      "Request_MultipleObjectsWithSameKeyValue",
      "The service principal cannot be created, updated, or restored because the service principal name " +
        `${app.appId} is already in use.`,
    );
  const now = new Date();
  const sp: ServicePrincipal = {
    id: randomUUID(),
    appId: app.appId,
    displayName: app.displayName,
    createdDateTime: iso(now),
    createdAt: now.getTime(),
    accountEnabled: body.accountEnabled !== false,
    appRoleAssignmentRequired: body.appRoleAssignmentRequired === true,
    tags: Array.isArray(body.tags) ? body.tags.map(String) : [],
    extra: {},
  };
  t.putServicePrincipal(sp);
  t.changed();
  return sp;
}

/** PATCH /servicePrincipals/{id}: the properties that matter for tokens. */
export function patchServicePrincipal(
  t: Tenant,
  sp: ServicePrincipal,
  body: Record<string, unknown>,
): void {
  if ("accountEnabled" in body) sp.accountEnabled = body.accountEnabled !== false;
  if (typeof body.appRoleAssignmentRequired === "boolean")
    sp.appRoleAssignmentRequired = body.appRoleAssignmentRequired;
  if (Array.isArray(body.tags)) sp.tags = body.tags.map(String);
  t.changed();
}

function applyPatch(
  t: Tenant,
  app: Application,
  b: z.infer<typeof applicationSchema>,
  creating: boolean,
): void {
  if (b.passwordCredentials !== undefined && b.passwordCredentials.length > 0) {
    throw badRequest(
      "Property 'passwordCredentials' cannot be set directly; use the addPassword action.",
    );
  }
  if (b.identifierUris !== undefined)
    app.identifierUris = checkIdentifierUris(t, app, b.identifierUris);
  if (b.appRoles !== undefined) app.appRoles = mergeAppRoles(app.appRoles, b.appRoles, creating);
  if (b.displayName !== undefined) app.displayName = b.displayName;
  if (b.signInAudience !== undefined) app.signInAudience = b.signInAudience;
  if (b.api) {
    const { requestedAccessTokenVersion, ...rest } = b.api;
    if (requestedAccessTokenVersion !== undefined)
      app.requestedAccessTokenVersion = requestedAccessTokenVersion;
    app.extra.api = { ...((app.extra.api as object | undefined) ?? {}), ...rest };
  }
  if (b.keyCredentials !== undefined)
    app.keyCredentials = patchKeyCredentials(app, b.keyCredentials);
  for (const [k, v] of Object.entries(b)) if (!HANDLED.has(k)) app.extra[k] = v;
}

function checkIdentifierUris(t: Tenant, app: Application, uris: string[]): string[] {
  for (const uri of uris) {
    if (!/^[a-z][a-z0-9+.-]*:\/\/?[^\s]+$/i.test(uri))
      throw badRequest(
        `Values of identifierUris property must follow one of the following formats: api://<appId>, api://<tenantId>/<appId>, https://<verified domain>... Value '${uri}' is not valid.`,
      );
    for (const other of t.applications.values()) {
      if (
        other.id !== app.id &&
        other.identifierUris.some((u) => u.toLowerCase() === uri.toLowerCase())
      ) {
        throw badRequest(
          "Another object with the same value for property identifierUris already exists.",
        );
      }
    }
  }
  return [...uris];
}

/**
 * Graph refuses to remove or change an app role that is still enabled (the azuread provider
 * disables a role in one PATCH before removing it in the next), and role values must be unique.
 */
function mergeAppRoles(
  current: AppRole[],
  next: z.infer<typeof appRoleSchema>[],
  creating: boolean,
): AppRole[] {
  const roles: AppRole[] = next.map((r) => ({
    id: r.id.toLowerCase(),
    value: r.value ?? "",
    displayName: r.displayName ?? r.value ?? "",
    description: r.description ?? "",
    allowedMemberTypes: r.allowedMemberTypes,
    isEnabled: r.isEnabled ?? true,
    origin: "Application",
  }));
  const seenIds = new Set<string>();
  const seenValues = new Set<string>();
  for (const r of roles) {
    if (seenIds.has(r.id)) throw badRequest(`Duplicate app role id '${r.id}'.`);
    if (r.value && seenValues.has(r.value.toLowerCase()))
      throw badRequest(`Duplicate app role value '${r.value}'. App role values must be unique.`);
    seenIds.add(r.id);
    if (r.value) seenValues.add(r.value.toLowerCase());
  }
  if (!creating) {
    for (const old of current.filter((r) => r.isEnabled)) {
      const now = roles.find((r) => r.id === old.id);
      const changed =
        !now ||
        now.value !== old.value ||
        now.allowedMemberTypes.join() !== old.allowedMemberTypes.join();
      if (changed)
        throw new DirectoryError(
          400,
          "CannotDeleteOrUpdateEnabledEntitlement",
          "Permission (scope or role) cannot be deleted or updated unless disabled first.",
        );
    }
  }
  return roles;
}
