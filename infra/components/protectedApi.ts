/**
 * An API this stack registers: an application exposing application roles, and its service
 * principal, which requires an assignment before any app gets a token for it.
 */
import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { appRoleId } from "../roleIds";

export interface ProtectedApiArgs {
  /** Shown in the Entra portal. */
  displayName: string;
  description?: string;
  /** Identifier URI (api://...); without one, clients ask for `<appId>/.default`. */
  identifierUri?: string;
  /** Object ids of users or service principals that own the application and its service principal. */
  owners?: string[];
  /** The application roles daemon apps can be granted. */
  appRoles: { value: string; description: string; displayName: string }[];
}

export class ProtectedApi extends pulumi.ComponentResource {
  /** Application (client) id: the resource appId in clients' required resource access. */
  readonly clientId: pulumi.Output<string>;
  /** Object id of the service principal: the resource of app role assignments. */
  readonly servicePrincipalObjectId: pulumi.Output<string>;
  /** Client-credentials scope for this API. */
  readonly scope: pulumi.Output<string>;
  /** Role value -> role id. Known before deployment, so granting needs no lookup. */
  readonly appRoleIds: Readonly<Record<string, string>>;

  constructor(name: string, args: ProtectedApiArgs, opts?: pulumi.ComponentResourceOptions) {
    super("onboarding:index:ProtectedApi", name, {}, opts);
    this.appRoleIds = Object.fromEntries(
      args.appRoles.map((r) => [r.value, appRoleId(name, r.value)]),
    );

    const app = new azuread.Application(
      `${name}-app`,
      {
        displayName: args.displayName,
        description: args.description,
        owners: args.owners,
        identifierUris: args.identifierUri ? [args.identifierUri] : undefined,
        // v2 tokens: the issuer and claims MSAL-based APIs expect.
        api: { requestedAccessTokenVersion: 2 },
        appRoles: args.appRoles.map((r) => ({
          id: this.appRoleIds[r.value],
          value: r.value,
          displayName: r.displayName,
          description: r.description,
          allowedMemberTypes: ["Application"],
          enabled: true,
        })),
      },
      { parent: this },
    );
    const sp = new azuread.ServicePrincipal(
      `${name}-sp`,
      { clientId: app.clientId, owners: args.owners, appRoleAssignmentRequired: true },
      { parent: this },
    );

    this.clientId = app.clientId;
    this.servicePrincipalObjectId = sp.objectId;
    this.scope = args.identifierUri
      ? pulumi.output(`${args.identifierUri}/.default`)
      : pulumi.interpolate`${app.clientId}/.default`;
    this.registerOutputs({
      clientId: this.clientId,
      servicePrincipalObjectId: this.servicePrincipalObjectId,
      scope: this.scope,
    });
  }
}
