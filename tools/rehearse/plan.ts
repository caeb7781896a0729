/**
 * "What `pulumi up` would create", read back from what the rehearsal created in the emulated
 * tenant: per API its application and roles, per app its application, service principal,
 * credential (type and expiry; never a secret) and each consent grant. Plain text for people.
 */
import type { StackOutputs } from "../../infra/outputs";
import type { ValidatedConfig } from "../../infra/validation/model";
import type { CredentialRecord, Ledger } from "./ledger";

export interface PlanInput {
  stack: string;
  tenantId: string;
  config: ValidatedConfig;
  outputs: StackOutputs;
  ledger: Ledger;
  ownersNotRehearsed: number;
}

export function renderPlan(p: PlanInput): string {
  const lines: string[] = [
    `Rehearsal of stack ${p.stack}: created in an emulated tenant (${p.tenantId}) through Microsoft Graph, as \`pulumi up\` would create it`,
    "",
  ];
  const daemonAppIds = new Set(Object.values(p.outputs.apps).map((a) => a.clientId));
  for (const api of p.config.apis) {
    const app = p.ledger.applications.find(
      (a) => a.name === `${api.name}-app` && !daemonAppIds.has(a.appId),
    );
    lines.push(`API ${api.name}`);
    if (!app) {
      lines.push("  (not created)", "");
      continue;
    }
    const sp = p.ledger.servicePrincipalByAppId(app.appId);
    lines.push(
      row("application", `${quote(app.displayName)}, appId ${app.appId}`),
      ...(app.identifierUris.length ? [row("identifier URI", app.identifierUris.join(", "))] : []),
      row("service principal", sp ? sp.objectId : "(not created)"),
      row("roles", app.appRoles.map((r) => r.value).join(", ") || "(none)"),
      "",
    );
  }
  for (const config of p.config.apps) {
    const out = p.outputs.apps[config.name];
    const app = out && p.ledger.applicationByAppId(out.clientId);
    lines.push(`App ${config.name}`);
    if (!out || !app) {
      lines.push("  (not created)", "");
      continue;
    }
    lines.push(
      row("application", `${quote(app.displayName)}, appId ${app.appId}`),
      row("service principal", out.servicePrincipalObjectId),
    );
    const current = out.credential.type === "secret" ? out.credential.keyId : undefined;
    for (const c of p.ledger.credentials.filter((c) => c.applicationObjectId === app.objectId))
      lines.push(row("credential", describeCredential(c, current)));
    const grants = p.ledger.assignments
      .filter((a) => a.principalId === out.servicePrincipalObjectId)
      .map((a) => {
        const resourceAppId = p.ledger.servicePrincipals.get(a.resourceId)?.appId;
        const api = out.grants.find((g) => g.resourceAppId === resourceAppId)?.api;
        return {
          resource: api ?? (a.resourceDisplayName || a.resourceId),
          role: p.ledger.roleValue(a.resourceId, a.appRoleId) ?? `role id ${a.appRoleId}`,
        };
      })
      .sort((x, y) => cmp(x.resource, y.resource) || cmp(x.role, y.role));
    if (!grants.length) lines.push(row("grants", "(none)"));
    for (const g of grants) lines.push(row("grant", `${g.resource}: ${g.role}`));
    lines.push("");
  }
  const owners = p.ownersNotRehearsed
    ? ` ${p.ownersNotRehearsed} owner assignment(s) in this config were not made.`
    : "";
  lines.push(`Not rehearsed: owners (the emulated tenant has no users).${owners}`, "");
  return lines.join("\n");
}

function describeCredential(c: CredentialRecord, currentSecretKeyId: string | undefined): string {
  switch (c.kind) {
    case "password": {
      const which = c.keyId === currentSecretKeyId ? "current" : "previous, still valid";
      return `client secret (${which}), expires ${day(c.endDateTime)}; the value is never shown`;
    }
    case "certificate":
      return `certificate (a throwaway key pair for the rehearsal), expires ${day(c.endDateTime)}`;
    case "federated":
      return `federated: issuer ${c.issuer}, subject ${c.subject}, audience ${c.audiences.join(", ")}`;
  }
}

const row = (label: string, value: string) => `  ${label.padEnd(18)} ${value}`;
const quote = (s: string) => JSON.stringify(s);
const day = (rfc3339: string) => rfc3339.slice(0, 10);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
