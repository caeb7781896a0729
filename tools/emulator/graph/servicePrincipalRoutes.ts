import type { EmulatorContext } from "../context";
import { createServicePrincipal, patchServicePrincipal } from "../directory/applications";
import { assignAppRole, removeAppRoleAssignment } from "../directory/assignments";
import { notFound } from "../directory/errors";
import type { ServicePrincipal } from "../directory/model";
import type { Tenant } from "../directory/tenant";
import type { Route } from "../http/router";
import { Graph } from "./errors";
import { page, parseQuery, selectFields } from "./odata";
import { graphBase, graphRoute, jsonObject, sendGraph } from "./route";
import { assignmentJson, servicePrincipalJson } from "./serialize";

/** servicePrincipals and app role assignments (Graph v1.0). */
export function servicePrincipalRoutes(ctx: EmulatorContext): Route[] {
  // The host is known only once the server listens, so URLs are built per request.
  const base = () => graphBase(ctx);
  const entity = () => `${base()}/$metadata#servicePrincipals/$entity`;
  const assignmentsContext = (id: string, nav: string) =>
    `${base()}/$metadata#servicePrincipals('${id}')/${nav}`;
  /** Grants on a resource (appRoleAssignedTo) or held by a principal (appRoleAssignments). */
  const listAssignments = (
    nav: "appRoleAssignedTo" | "appRoleAssignments",
    side: "resourceId" | "principalId",
  ) =>
    graphRoute(ctx, "GET", `/servicePrincipals/:id/${nav}`, "readAssignments", (x, { tenant }) => {
      const s = sp(tenant, x.params.id);
      const items = [...tenant.assignments.values()]
        .filter((a) => a[side] === s.id)
        .map((a) => assignmentJson(tenant, a));
      const query = parseQuery(x.url.searchParams, "appRoleAssignment");
      sendGraph(x, 200, page(items, query, assignmentsContext(s.id, nav), x.url));
    });
  return [
    graphRoute(ctx, "GET", "/servicePrincipals", "read", (x, { tenant }) => {
      const items = [...tenant.servicePrincipals.values()].map((s) =>
        servicePrincipalJson(tenant, s),
      );
      sendGraph(
        x,
        200,
        page(
          items,
          parseQuery(x.url.searchParams, "servicePrincipal"),
          `${base()}/$metadata#servicePrincipals`,
          x.url,
        ),
      );
    }),
    graphRoute(ctx, "POST", "/servicePrincipals", "write", async (x, { tenant }) => {
      const s = createServicePrincipal(tenant, await jsonObject(x));
      sendGraph(x, 201, { "@odata.context": entity(), ...servicePrincipalJson(tenant, s) });
    }),
    graphRoute(ctx, "GET", "/servicePrincipals/:id", "read", (x, { tenant }) => {
      const json = servicePrincipalJson(tenant, sp(tenant, x.params.id));
      sendGraph(x, 200, {
        "@odata.context": entity(),
        ...selectFields(json, parseQuery(x.url.searchParams, "servicePrincipal").select),
      });
    }),
    graphRoute(ctx, "PATCH", "/servicePrincipals/:id", "write", async (x, { tenant }) => {
      patchServicePrincipal(tenant, sp(tenant, x.params.id), await jsonObject(x));
      sendGraph(x, 204);
    }),
    graphRoute(ctx, "DELETE", "/servicePrincipals/:id", "write", (x, { tenant }) => {
      const s = sp(tenant, x.params.id);
      if (s.builtIn) throw Graph.denied(); // first-party service principals cannot be deleted
      tenant.dropServicePrincipal(s);
      tenant.changed();
      sendGraph(x, 204);
    }),
    listAssignments("appRoleAssignedTo", "resourceId"),
    graphRoute(
      ctx,
      "POST",
      "/servicePrincipals/:id/appRoleAssignedTo",
      "assign",
      async (x, { tenant }) => {
        const s = sp(tenant, x.params.id);
        const a = assignAppRole(tenant, await jsonObject(x), s.id);
        sendGraph(x, 201, {
          "@odata.context": `${assignmentsContext(s.id, "appRoleAssignedTo")}/$entity`,
          ...assignmentJson(tenant, a),
        });
      },
    ),
    graphRoute(
      ctx,
      "DELETE",
      "/servicePrincipals/:id/appRoleAssignedTo/:aid",
      "assign",
      (x, { tenant }) => {
        removeAppRoleAssignment(tenant, x.params.aid, sp(tenant, x.params.id).id);
        sendGraph(x, 204);
      },
    ),
    listAssignments("appRoleAssignments", "principalId"),
    graphRoute(
      ctx,
      "POST",
      "/servicePrincipals/:id/appRoleAssignments",
      "assign",
      async (x, { tenant }) => {
        const s = sp(tenant, x.params.id);
        const body = await jsonObject(x);
        if (typeof body.principalId === "string" && body.principalId.toLowerCase() !== s.id)
          throw Graph.badRequest(
            "The principalId in the request body does not match the service principal in the request URL.",
          );
        const a = assignAppRole(tenant, body, String(body.resourceId ?? ""));
        sendGraph(x, 201, {
          "@odata.context": `${assignmentsContext(s.id, "appRoleAssignments")}/$entity`,
          ...assignmentJson(tenant, a),
        });
      },
    ),
    graphRoute(
      ctx,
      "DELETE",
      "/servicePrincipals/:id/appRoleAssignments/:aid",
      "assign",
      (x, { tenant }) => {
        removeAppRoleAssignment(tenant, x.params.aid, sp(tenant, x.params.id).id);
        sendGraph(x, 204);
      },
    ),
  ];
}

/** By object id, or by appId through the alternate key `servicePrincipals(appId='...')`. */
function sp(t: Tenant, id: string): ServicePrincipal {
  const s = id.toLowerCase().startsWith("appid=") ? t.spByAppId(id.slice(6)) : t.spById(id);
  if (!s) throw notFound(id.replace(/^appId=/i, ""));
  return s;
}
