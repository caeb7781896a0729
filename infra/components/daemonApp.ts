/**
 * A daemon (service) app: a confidential client that calls APIs as itself. Its application lists
 * the permissions it requests, so the portal shows them as requested and granted; one app role
 * assignment per role is the admin consent.
 */
import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import type { Lifted } from "../lifted";
import type { CredentialOutput, GrantOutput } from "../outputs";
import type { ValidatedCredential } from "../validation/model";
import { declareCredential } from "./appCredential";

/** Everything granted on one resource API, resolved to ids. */
export interface ResourceGrant {
  /** `permissions[].api` as written in config; echoed in the outputs. */
  api: string;
  /** Stable key of the resource API (alias, appId or API name); part of child names. */
  key: string;
  /** Application (client) id of the resource API. */
  resourceAppId: pulumi.Input<string>;
  /** Object id of the resource API's service principal. */
  resourceObjectId: pulumi.Input<string>;
  /** Client-credentials scope for the resource API. */
  scope: pulumi.Input<string>;
  /** The roles granted, sorted by value. */
  roles: { value: string; id: string }[];
}

export interface DaemonAppArgs {
  /** Shown in the Entra portal. */
  displayName: string;
  description?: string;
  /** Object ids of users or service principals that own the application and its service principal. */
  owners?: string[];
  credential: ValidatedCredential;
  grants: ResourceGrant[];
}

export class DaemonApp extends pulumi.ComponentResource {
  /** Application (client) id. */
  readonly clientId: pulumi.Output<string>;
  /** Object id of the app's service principal, the principal of its assignments. */
  readonly servicePrincipalObjectId: pulumi.Output<string>;
  /** The credential, shaped as the stack outputs have it (only a secret's value is secret). */
  readonly credential: Lifted<CredentialOutput>;
  /** The grants, shaped as the stack outputs have them. */
  readonly grants: Lifted<GrantOutput>[];

  constructor(name: string, args: DaemonAppArgs, opts?: pulumi.ComponentResourceOptions) {
    super("onboarding:index:DaemonApp", name, {}, opts);
    const app = new azuread.Application(
      `${name}-app`,
      {
        displayName: args.displayName,
        description: args.description,
        owners: args.owners,
        requiredResourceAccesses: args.grants.map((g) => ({
          resourceAppId: g.resourceAppId,
          resourceAccesses: g.roles.map((r) => ({ id: r.id, type: "Role" })),
        })),
      },
      { parent: this },
    );
    const sp = new azuread.ServicePrincipal(
      `${name}-sp`,
      { clientId: app.clientId, owners: args.owners },
      { parent: this },
    );
    this.credential = declareCredential(name, app.id, args.credential, this);
    for (const grant of args.grants) {
      for (const role of grant.roles) {
        // '/' cannot occur in an API key, so key and role value cannot run into each other.
        new azuread.AppRoleAssignment(
          `${name}-grant-${grant.key}/${role.value}`,
          {
            appRoleId: role.id,
            principalObjectId: sp.objectId,
            resourceObjectId: grant.resourceObjectId,
          },
          { parent: this },
        );
      }
    }

    this.clientId = app.clientId;
    this.servicePrincipalObjectId = sp.objectId;
    this.grants = args.grants.map((g) => ({
      api: g.api,
      resourceAppId: g.resourceAppId,
      scope: g.scope,
      roles: g.roles.map((r) => r.value),
    }));
    this.registerOutputs({
      clientId: this.clientId,
      servicePrincipalObjectId: this.servicePrincipalObjectId,
    });
  }
}
