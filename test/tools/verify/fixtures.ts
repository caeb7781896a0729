import type { StackOutputs, AppOutput } from "../../../infra/outputs";
import { MSGRAPH_APP_ID } from "../../../infra/msgraph";
import type { RunningEmulator } from "../../../tools/emulator";
import { makeClientCertificate } from "../../support/certs";

/** Seeds the emulator the way `pulumi up` would leave a tenant, and describes it as stack outputs. */
export class TenantFixture {
  readonly outputs: StackOutputs;
  /** Every secret handed out, so tests can prove none of them was printed. */
  readonly secrets: string[] = [];

  constructor(readonly emu: RunningEmulator) {
    this.outputs = { tenantId: emu.tenantId, authorityHost: emu.authorityHost, apps: {} };
  }

  /** An API of this stack exposing app roles, with v2 tokens (as the Pulumi program registers them). */
  api(name: string, roles: string[]): { appId: string; identifierUri: string; scope: string } {
    const identifierUri = `api://${name}-${Math.random().toString(36).slice(2, 8)}`;
    const { appId } = this.emu.directory.createApplication({
      displayName: name,
      identifierUris: [identifierUri],
      appRoles: roles.map((value) => ({ value, description: value })),
      requestedAccessTokenVersion: 2,
      // As the Pulumi program registers APIs: only assigned clients get tokens.
      appRoleAssignmentRequired: true,
    });
    return { appId, identifierUri, scope: `${identifierUri}/.default` };
  }

  /** A daemon app with a secret, granted `grants` (resource appId -> roles) and optionally more in the directory. */
  secretApp(
    name: string,
    grants: {
      api: string;
      resourceAppId: string;
      scope: string;
      roles: string[];
      extraInDirectory?: string[];
    }[],
    secret: { endDateTime?: Date; startDateTime?: Date } = {},
  ): AppOutput {
    const { appId, servicePrincipalId } = this.emu.directory.createApplication({
      displayName: name,
    });
    const pw = this.emu.directory.addPassword(appId, secret);
    this.secrets.push(pw.secretText);
    for (const g of grants)
      this.grant(appId, g.resourceAppId, [...g.roles, ...(g.extraInDirectory ?? [])]);
    const out: AppOutput = {
      clientId: appId,
      servicePrincipalObjectId: servicePrincipalId,
      credential: {
        type: "secret",
        secret: pw.secretText,
        expiresAt: pw.endDateTime,
        createdAt: (secret.startDateTime ?? new Date(Date.now() - 3600_000)).toISOString(),
      },
      grants: grants.map(({ api, resourceAppId, scope, roles }) => ({
        api,
        resourceAppId,
        scope,
        roles,
      })),
    };
    this.outputs.apps[name] = out;
    return out;
  }

  /** Admin consent: one app role assignment per role. */
  grant(appId: string, resourceAppId: string, roles: string[]): void {
    for (const role of roles)
      this.emu.directory.assignAppRole({ principalAppId: appId, resourceAppId, role });
  }

  graphGrant(roles: string[]) {
    return {
      api: "microsoft-graph",
      resourceAppId: MSGRAPH_APP_ID,
      scope: "https://graph.microsoft.com/.default",
      roles,
    };
  }
}

/** Adds a certificate app (v2 API grant) and returns the combined PEM verify needs. */
export async function certificateApp(
  f: TenantFixture,
  name: string,
  grant: { api: string; resourceAppId: string; scope: string; roles: string[] },
): Promise<{ app: AppOutput; pem: string }> {
  const cert = await makeClientCertificate(name);
  const { appId, servicePrincipalId } = f.emu.directory.createApplication({ displayName: name });
  f.emu.directory.addCertificate(appId, cert.certPem);
  f.grant(appId, grant.resourceAppId, grant.roles);
  const app: AppOutput = {
    clientId: appId,
    servicePrincipalObjectId: servicePrincipalId,
    credential: {
      type: "certificate",
      thumbprint: cert.sha1Hex,
      expiresAt: new Date(Date.now() + 30 * 86400_000).toISOString(),
    },
    grants: [grant],
  };
  f.outputs.apps[name] = app;
  f.secrets.push(cert.privateKeyPem.split("\n").slice(1, 3).join("\n"));
  return { app, pem: cert.certPem + cert.privateKeyPem };
}

/** Adds a federated app trusting `issuer`/`subject`, and returns a token the emulator minted as that issuer. */
export async function federatedApp(
  f: TenantFixture,
  name: string,
  grant: { api: string; resourceAppId: string; scope: string; roles: string[] },
  trust = {
    issuer: "https://token.actions.githubusercontent.com",
    subject: "repo:contoso/orders:environment:production",
  },
): Promise<{ app: AppOutput; token: string }> {
  const { appId, servicePrincipalId } = f.emu.directory.createApplication({ displayName: name });
  f.emu.directory.addFederatedCredential(appId, {
    ...trust,
    audiences: ["api://AzureADTokenExchange"],
  });
  f.grant(appId, grant.resourceAppId, grant.roles);
  const app: AppOutput = {
    clientId: appId,
    servicePrincipalObjectId: servicePrincipalId,
    credential: { type: "federated", ...trust, audiences: ["api://AzureADTokenExchange"] },
    grants: [grant],
  };
  f.outputs.apps[name] = app;
  const token = await f.emu.federation.mint({ ...trust, audience: "api://AzureADTokenExchange" });
  f.secrets.push(token);
  return { app, token };
}
