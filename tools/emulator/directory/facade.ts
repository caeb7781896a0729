import { randomUUID } from "node:crypto";
import { graphAppRole, MSGRAPH_APP_ID } from "../../../infra/msgraph";
import type { EmulatorDirectory } from "../types";
import { applicationJson, servicePrincipalJson } from "../graph/serialize";
import { createApplication, createServicePrincipal, patchServicePrincipal } from "./applications";
import { assignAppRole, removeAppRoleAssignment } from "./assignments";
import { addFederatedCredential, addKeyCredential, addPassword } from "./credentials";
import type { Directory } from "./directory";
import type { Application } from "./model";
import type { Tenant } from "./tenant";

/** EmulatorDirectory over the same mutations the Graph endpoints use. */
export function directoryFacade(dir: Directory, defaultTenantId: string): EmulatorDirectory {
  const tenant = (id?: string): Tenant => {
    const t = dir.get(id ?? defaultTenantId);
    if (!t) throw new Error(`unknown tenant '${id}'`);
    return t;
  };
  /** appIds are random GUIDs, so an appId names one application across all tenants. */
  const find = (appId: string): { t: Tenant; app: Application } => {
    for (const t of dir.list()) {
      const app = t.appByAppId(appId);
      if (app) return { t, app };
    }
    throw new Error(`no application with appId '${appId}'`);
  };
  const findSp = (appId: string, t?: Tenant) => {
    for (const candidate of t ? [t] : dir.list()) {
      const sp = candidate.spByAppId(appId);
      if (sp) return { t: candidate, sp };
    }
    throw new Error(`no service principal for appId '${appId}'`);
  };
  let ficCounter = 0;

  return {
    graphAppId: MSGRAPH_APP_ID,
    createApplication(a) {
      const t = tenant(a.tenantId);
      const app = createApplication(t, {
        displayName: a.displayName,
        identifierUris: a.identifierUris ?? [],
        appRoles: (a.appRoles ?? []).map((r) => ({
          id: r.id ?? randomUUID(),
          value: r.value,
          displayName: r.value,
          description: r.description ?? r.value,
          allowedMemberTypes: ["Application"],
          isEnabled: true,
        })),
        ...(a.requestedAccessTokenVersion !== undefined
          ? { api: { requestedAccessTokenVersion: a.requestedAccessTokenVersion } }
          : {}),
      });
      const sp = createServicePrincipal(t, {
        appId: app.appId,
        appRoleAssignmentRequired: a.appRoleAssignmentRequired === true,
      });
      return { appId: app.appId, objectId: app.id, servicePrincipalId: sp.id };
    },
    addPassword(appId, p = {}) {
      const { t, app } = find(appId);
      const { credential, secretText } = addPassword(t, app, p);
      return { keyId: credential.keyId, secretText, endDateTime: credential.endDateTime };
    },
    addCertificate(appId, certPem, p = {}) {
      const { t, app } = find(appId);
      return {
        keyId: addKeyCredential(t, app, {
          key: certPem,
          endDateTime: p.endDateTime?.toISOString(),
          startDateTime: p.startDateTime?.toISOString(),
        }).keyId,
      };
    },
    addFederatedCredential(appId, f) {
      const { t, app } = find(appId);
      const name = f.name ?? `emulator-fic-${++ficCounter}`;
      return {
        id: addFederatedCredential(t, app, {
          name,
          issuer: f.issuer,
          subject: f.subject,
          audiences: f.audiences ?? ["api://AzureADTokenExchange"],
        }).id,
      };
    },
    assignAppRole(a) {
      const { t, sp: principal } = findSp(a.principalAppId);
      const { sp: resource } = findSp(a.resourceAppId, t);
      const role = t.appRolesOf(resource).find((r) => r.value === a.role);
      if (!role) throw new Error(`app role '${a.role}' is not defined by ${a.resourceAppId}`);
      return {
        id: assignAppRole(
          t,
          { principalId: principal.id, resourceId: resource.id, appRoleId: role.id },
          resource.id,
        ).id,
      };
    },
    removeAppRoleAssignment(id) {
      const t = dir.list().find((x) => x.assignments.has(id));
      if (!t) throw new Error(`no app role assignment '${id}'`);
      removeAppRoleAssignment(t, id);
    },
    setServicePrincipalEnabled(appId, enabled) {
      const { t, sp } = findSp(appId);
      patchServicePrincipal(t, sp, { accountEnabled: enabled });
    },
    application(appId) {
      for (const t of dir.list()) {
        const app = t.appByAppId(appId);
        if (app) return applicationJson(t, app);
      }
      return undefined;
    },
    servicePrincipal(appId) {
      for (const t of dir.list()) {
        const sp = t.spByAppId(appId);
        if (sp) return servicePrincipalJson(t, sp);
      }
      return undefined;
    },
    rolesOf(principalAppId, resourceAppId) {
      const { t, sp: principal } = findSp(principalAppId);
      const { sp: resource } = findSp(resourceAppId, t);
      const ids = new Set(t.assignmentsOf(principal.id, resource.id).map((a) => a.appRoleId));
      return t
        .appRolesOf(resource)
        .filter((r) => ids.has(r.id))
        .map((r) => r.value);
    },
    graphRoleId: (value) => graphAppRole(value)?.id,
  };
}
