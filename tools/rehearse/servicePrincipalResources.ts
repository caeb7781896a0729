/**
 * Service principals and app role assignments, created through Graph as the azuread provider
 * (v3) creates them and answered in its output shape with the tenant's ids; and the
 * getServicePrincipal data source, read from the tenant.
 */
import type * as pulumi from "@pulumi/pulumi";
import { roleIds, roleRecords, toProviderAppRole } from "./appRoles";
import type { Json } from "./graphClient";
import type { ServicePrincipalRecord } from "./ledger";
import { asArray, checkInputs, type MockContext, type MockResult } from "./mockContext";

type Args = pulumi.runtime.MockResourceArgs;

const SERVICE_PRINCIPAL_INPUTS = [
  "clientId",
  "appRoleAssignmentRequired",
  "accountEnabled",
  "owners",
];

/** POST /servicePrincipals `{ appId, accountEnabled, appRoleAssignmentRequired }`. */
export async function createServicePrincipal(args: Args, ctx: MockContext): Promise<MockResult> {
  checkInputs(args, SERVICE_PRINCIPAL_INPUTS);
  const i = args.inputs;
  ctx.notRehearsed("owners", asArray(i.owners).length);
  const sp = await ctx.graph.request("POST", "/servicePrincipals", {
    appId: i.clientId,
    accountEnabled: i.accountEnabled ?? true,
    appRoleAssignmentRequired: i.appRoleAssignmentRequired ?? false,
  });
  remember(ctx, sp, args.name);
  return { id: `/servicePrincipals/${sp.id}`, state: { ...i, ...servicePrincipalState(sp) } };
}

const ASSIGNMENT_INPUTS = ["appRoleId", "principalObjectId", "resourceObjectId"];

/** POST /servicePrincipals/{resourceObjectId}/appRoleAssignedTo: admin consent for one role. */
export async function createAppRoleAssignment(args: Args, ctx: MockContext): Promise<MockResult> {
  checkInputs(args, ASSIGNMENT_INPUTS);
  const i = args.inputs;
  const resourceId = String(i.resourceObjectId);
  const a = await ctx.graph.request(
    "POST",
    `/servicePrincipals/${encodeURIComponent(resourceId)}/appRoleAssignedTo`,
    { appRoleId: i.appRoleId, principalId: i.principalObjectId, resourceId },
  );
  ctx.ledger.assignments.push({
    name: args.name,
    id: String(a.id),
    appRoleId: String(a.appRoleId),
    principalId: String(a.principalId),
    resourceId: String(a.resourceId),
    resourceDisplayName: String(a.resourceDisplayName ?? ""),
  });
  return {
    id: `/servicePrincipals/${a.resourceId}/appRoleAssignedTo/${a.id}`,
    state: {
      ...i,
      principalDisplayName: a.principalDisplayName,
      principalType: a.principalType,
      resourceDisplayName: a.resourceDisplayName,
    },
  };
}

/**
 * The getServicePrincipal data source by clientId: `GET /servicePrincipals?$filter=appId eq '…'`,
 * failing as the provider does when the tenant has none.
 */
export async function lookupServicePrincipal(
  args: pulumi.runtime.MockCallArgs,
  ctx: MockContext,
): Promise<Record<string, unknown>> {
  const clientId = args.inputs.clientId;
  const others = Object.keys(args.inputs).filter((k) => k !== "clientId");
  if (typeof clientId !== "string" || others.length)
    throw new Error(
      `getServicePrincipal is rehearsed by clientId only (got ${Object.keys(args.inputs).join(", ") || "no inputs"})`,
    );
  const filter = encodeURIComponent(`appId eq '${clientId.replace(/'/g, "''")}'`);
  const page = await ctx.graph.request("GET", `/servicePrincipals?$filter=${filter}`);
  const sp = asArray(page.value)[0];
  if (!sp) {
    const text = `service principal not found: No service principal found with application ID: "${clientId}"`;
    // The engine hands the SDK invoke errors whose text is in `details`.
    throw Object.assign(new Error(text), { details: text });
  }
  remember(ctx, sp);
  return { id: sp.id, ...servicePrincipalState(sp) };
}

function remember(ctx: MockContext, sp: Json, name?: string): void {
  const record: ServicePrincipalRecord = {
    name,
    objectId: String(sp.id),
    appId: String(sp.appId),
    displayName: String(sp.displayName),
    appRoles: roleRecords(asArray(sp.appRoles)),
  };
  ctx.ledger.servicePrincipals.set(record.objectId, record);
}

function servicePrincipalState(sp: Json): Json {
  const roles = asArray(sp.appRoles);
  return {
    objectId: sp.id,
    clientId: sp.appId,
    displayName: sp.displayName,
    accountEnabled: sp.accountEnabled,
    appRoleAssignmentRequired: sp.appRoleAssignmentRequired,
    applicationTenantId: sp.appOwnerOrganizationId,
    servicePrincipalNames: asArray(sp.servicePrincipalNames),
    signInAudience: sp.signInAudience,
    type: sp.servicePrincipalType,
    appRoles: roles.map(toProviderAppRole),
    appRoleIds: roleIds(roles),
    oauth2PermissionScopes: [],
    oauth2PermissionScopeIds: {},
    tags: asArray(sp.tags),
  };
}
