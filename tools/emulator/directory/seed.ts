import { randomUUID } from "node:crypto";
import { graphAppRole, graphAppRoles, MSGRAPH_APP_ID } from "../../../infra/msgraph";
import { createApplication, createServicePrincipal } from "./applications";
import { assignAppRole } from "./assignments";
import type { AppRole, ServicePrincipal } from "./model";
import type { Tenant } from "./tenant";
import { iso } from "./util";

/** Microsoft's own tenant, which owns first-party applications such as Microsoft Graph. */
const MICROSOFT_SERVICES_TENANT = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";

/** The permissions the admin app holds on Graph: enough to onboard apps and grant them roles. */
export const ADMIN_GRAPH_ROLES = [
  "Application.ReadWrite.All",
  "AppRoleAssignment.ReadWrite.All",
] as const;

const graphRoles: AppRole[] = graphAppRoles.map((r) => ({
  id: r.id,
  value: r.value,
  displayName: r.value,
  description: r.value,
  allowedMemberTypes: ["Application"],
  isEnabled: true,
  origin: "Application",
}));

/**
 * Every tenant has a Microsoft Graph service principal carrying Graph's real application
 * permission ids (from infra/data/msgraph-permissions.json), as every real tenant does.
 */
export function seedGraphServicePrincipal(t: Tenant): ServicePrincipal {
  const existing = t.spByAppId(MSGRAPH_APP_ID);
  if (existing) {
    // Snapshots omit Graph's ~700 roles; they always come from the project's data.
    existing.builtIn = graphBuiltIn();
    return existing;
  }
  const now = new Date();
  const sp: ServicePrincipal = {
    id: randomUUID(),
    appId: MSGRAPH_APP_ID,
    displayName: "Microsoft Graph",
    createdDateTime: iso(now),
    createdAt: 0, // present "since forever": never subject to replication delay
    accountEnabled: true,
    appRoleAssignmentRequired: false,
    tags: [],
    builtIn: graphBuiltIn(),
    extra: {},
  };
  t.putServicePrincipal(sp);
  return sp;
}

function graphBuiltIn(): NonNullable<ServicePrincipal["builtIn"]> {
  return {
    appRoles: graphRoles,
    servicePrincipalNames: [
      MSGRAPH_APP_ID,
      "https://graph.microsoft.com",
      "https://graph.microsoft.com/",
      "https://canary.graph.microsoft.com",
    ],
    appOwnerOrganizationId: MICROSOFT_SERVICES_TENANT,
  };
}

/** The tenant's admin app: an application, its service principal and its Graph roles. */
export function seedAdminApp(t: Tenant): string {
  const graph = seedGraphServicePrincipal(t);
  const app = createApplication(t, { displayName: "onboard emulator admin" });
  const sp = createServicePrincipal(t, { appId: app.appId });
  // Seeded objects exist before anyone asks for a token: exempt them from replication delay.
  app.createdAt = 0;
  sp.createdAt = 0;
  for (const value of ADMIN_GRAPH_ROLES) {
    const a = assignAppRole(
      t,
      { principalId: sp.id, resourceId: graph.id, appRoleId: graphAppRole(value)!.id },
      graph.id,
    );
    a.createdAt = 0;
  }
  t.adminAppId = app.appId;
  return app.appId;
}
