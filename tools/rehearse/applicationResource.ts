/**
 * Applications, created through Graph with the request body the azuread provider (v3, behind
 * @pulumi/azuread 6) sends, and answered in the provider's output shape with the tenant's ids.
 */
import type * as pulumi from "@pulumi/pulumi";
import { roleIds, roleRecords, toGraphAppRole, toProviderAppRole } from "./appRoles";
import { asArray, checkInputs, compact, type MockContext, type MockResult } from "./mockContext";

type Args = pulumi.runtime.MockResourceArgs;

const APPLICATION_INPUTS = [
  "displayName",
  "description",
  "identifierUris",
  "signInAudience",
  "api",
  "appRoles",
  "requiredResourceAccesses",
  "owners",
];

/** POST /applications. The resource id is `/applications/{objectId}`, as in provider v3. */
export async function createApplication(args: Args, ctx: MockContext): Promise<MockResult> {
  checkInputs(args, APPLICATION_INPUTS);
  const i = args.inputs;
  ctx.notRehearsed("owners", asArray(i.owners).length);
  const app = await ctx.graph.request(
    "POST",
    "/applications",
    compact({
      displayName: i.displayName,
      description: i.description,
      identifierUris: i.identifierUris,
      signInAudience: i.signInAudience ?? "AzureADMyOrg",
      api:
        i.api === undefined
          ? undefined
          : compact({ requestedAccessTokenVersion: i.api.requestedAccessTokenVersion }),
      appRoles: i.appRoles === undefined ? undefined : asArray(i.appRoles).map(toGraphAppRole),
      requiredResourceAccess:
        i.requiredResourceAccesses === undefined
          ? undefined
          : asArray(i.requiredResourceAccesses).map((r) => ({
              resourceAppId: r.resourceAppId,
              resourceAccess: asArray(r.resourceAccesses).map((a) => ({ id: a.id, type: a.type })),
            })),
    }),
  );
  const roles = asArray(app.appRoles);
  ctx.ledger.applications.push({
    name: args.name,
    objectId: String(app.id),
    appId: String(app.appId),
    displayName: String(app.displayName),
    identifierUris: asArray<string>(app.identifierUris),
    appRoles: roleRecords(roles),
  });
  return {
    id: `/applications/${app.id}`,
    state: {
      ...i,
      objectId: app.id,
      clientId: app.appId,
      displayName: app.displayName,
      identifierUris: app.identifierUris,
      signInAudience: app.signInAudience,
      publisherDomain: app.publisherDomain,
      appRoles: roles.map(toProviderAppRole),
      appRoleIds: roleIds(roles),
      oauth2PermissionScopeIds: {},
      disabledByMicrosoft: "",
      tags: asArray(app.tags),
    },
  };
}
