import { randomBytes } from "node:crypto";
import { badRequest, DirectoryError, notFound } from "./errors";
import type { AppRoleAssignment } from "./model";
import type { Tenant } from "./tenant";
import { iso } from "./util";

/** Graph's "default access" role: an assignment without a role, which adds nothing to `roles`. */
export const DEFAULT_ACCESS_ROLE = "00000000-0000-0000-0000-000000000000";

/**
 * servicePrincipals/{resourceId}/appRoleAssignedTo (POST): grants an application permission.
 * Checks as Graph does: the principal and resource exist, the role is one the resource defines
 * for applications, and the same grant does not exist yet.
 */
export function assignAppRole(
  t: Tenant,
  body: { principalId?: unknown; resourceId?: unknown; appRoleId?: unknown },
  pathResourceId: string,
): AppRoleAssignment {
  for (const p of ["principalId", "resourceId", "appRoleId"] as const) {
    if (typeof body[p] !== "string") throw badRequest(`Property '${p}' is required.`);
  }
  const principalId = (body.principalId as string).toLowerCase();
  const resourceId = (body.resourceId as string).toLowerCase();
  const appRoleId = (body.appRoleId as string).toLowerCase();
  if (resourceId !== pathResourceId.toLowerCase())
    throw badRequest(
      "The resourceId in the request body does not match the service principal in the request URL.",
    );
  const resource = t.spById(resourceId);
  if (!resource) throw notFound(resourceId);
  if (!t.spById(principalId)) throw notFound(principalId);
  if (appRoleId !== DEFAULT_ACCESS_ROLE) {
    const role = t.appRolesOf(resource).find((r) => r.id === appRoleId);
    if (!role || !role.isEnabled || !role.allowedMemberTypes.includes("Application")) {
      throw badRequest(
        `Permission being assigned was not found on application '${resource.appId}'.`,
      );
    }
  }
  if (t.assignmentsOf(principalId, resourceId).some((a) => a.appRoleId === appRoleId)) {
    throw new DirectoryError(
      400,
      "Request_BadRequest",
      "Permission being assigned already exists on the object",
    );
  }
  const now = new Date();
  const assignment: AppRoleAssignment = {
    id: assignmentId(principalId),
    appRoleId,
    principalId,
    resourceId,
    createdDateTime: iso(now),
    createdAt: now.getTime(),
  };
  t.assignments.set(assignment.id, assignment);
  t.changed();
  return assignment;
}

/** DELETE servicePrincipals/{resourceId}/appRoleAssignedTo/{id} (or the principal's appRoleAssignments/{id}). */
export function removeAppRoleAssignment(t: Tenant, id: string, spId?: string): void {
  const a = t.assignments.get(id);
  if (
    !a ||
    (spId !== undefined &&
      a.resourceId !== spId.toLowerCase() &&
      a.principalId !== spId.toLowerCase())
  )
    throw notFound(id);
  t.assignments.delete(id);
  t.changed();
}

/**
 * Entra's assignment ids are 43-character base64url strings: the principal's object id (in
 * .NET's mixed-endian GUID byte order) followed by 16 more bytes. Random ones here.
 */
function assignmentId(principalId: string): string {
  const hex = principalId.replace(/-/g, "");
  const b = Buffer.from(hex, "hex");
  const dotnet = Buffer.concat([
    b.subarray(0, 4).reverse(),
    b.subarray(4, 6).reverse(),
    b.subarray(6, 8).reverse(),
    b.subarray(8),
  ]);
  return Buffer.concat([dotnet, randomBytes(16)]).toString("base64url");
}
