/**
 * Microsoft Graph's own service principal in every tenant, app role assignments through
 * appRoleAssignedTo, and Graph's authorisation: 401 for bad tokens, 403 without the role.
 */
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { graphAppRole, graphAppRoles, MSGRAPH_APP_ID } from "../../../infra/msgraph";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  claimsOf,
  startTestEmulator,
  type JsonResponse,
  type TestEmulator,
} from "../../support/emulator";
import { expectGraphError } from "../../support/shapes";

let e: TestEmulator;

beforeAll(async () => {
  e = await startTestEmulator();
});
afterAll(() => e?.close());

async function secretToken(
  clientId: string,
  secret: string,
  scope = "https://graph.microsoft.com/.default",
): Promise<JsonResponse> {
  return e.tokenRequest({
    grant_type: "client_credentials",
    client_id: clientId,
    client_secret: secret,
    scope,
  });
}

describe("Microsoft Graph's service principal and app role assignments", () => {
  it("exists in every tenant with Graph's real application permission ids", async () => {
    const r = await e.graph(
      "GET",
      `/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${MSGRAPH_APP_ID}'`)}`,
    );
    const sp = (r.json.value as Record<string, unknown>[])[0];
    expect(sp).toMatchObject({ appId: MSGRAPH_APP_ID, displayName: "Microsoft Graph" });
    const roles = sp.appRoles as { id: string; value: string }[];
    expect(roles).toHaveLength(graphAppRoles.length);
    expect(roles.find((x) => x.value === "User.Read.All")?.id).toBe(
      "df021288-bdef-4463-88db-98f22de89214",
    );
    expect(roles.find((x) => x.value === "Application.ReadWrite.All")?.id).toBe(
      graphAppRole("Application.ReadWrite.All")!.id,
    );

    const other = await e.addTenant(randomUUID(), "fabrikam.onmicrosoft.com");
    const otherToken = await e.tokenRequest(
      {
        grant_type: "client_credentials",
        client_id: other.admin.clientId,
        client_secret: other.admin.clientSecret,
        scope: "https://graph.microsoft.com/.default",
      },
      { tenant: "fabrikam.onmicrosoft.com" },
    );
    const otherSp = await e.graph(
      "GET",
      `/servicePrincipals(appId='${MSGRAPH_APP_ID}')`,
      undefined,
      String(otherToken.json.access_token),
    );
    expect(otherSp.json.id).not.toBe(sp.id);
    expect((otherSp.json.appRoles as unknown[]).length).toBe(roles.length);
    // Tenants are isolated: the other tenant's admin does not see this tenant's apps.
    const mine = e.directory.createApplication({ displayName: "isolated" });
    expectGraphError(
      await e.graph(
        "GET",
        `/applications(appId='${mine.appId}')`,
        undefined,
        String(otherToken.json.access_token),
      ),
      404,
      "Request_ResourceNotFound",
    );
  });

  it("grants and revokes Graph application permissions through appRoleAssignedTo, reflected in the next token", async () => {
    const client = e.directory.createApplication({ displayName: "graph-client" });
    const secret = e.directory.addPassword(client.appId).secretText;
    const graphSp = (
      await e.graph("GET", `/servicePrincipals(appId='${MSGRAPH_APP_ID}')?$select=id,appRoles`)
    ).json;
    const roleId = graphAppRole("Sites.Read.All")!.id;
    const grant = await e.graph("POST", `/servicePrincipals/${graphSp.id}/appRoleAssignedTo`, {
      principalId: client.servicePrincipalId,
      resourceId: graphSp.id,
      appRoleId: roleId,
    });
    expect(grant.status).toBe(201);
    expect(grant.json).toMatchObject({
      appRoleId: roleId,
      principalId: client.servicePrincipalId,
      principalType: "ServicePrincipal",
      resourceId: graphSp.id,
      resourceDisplayName: "Microsoft Graph",
      principalDisplayName: "graph-client",
    });
    expect(String(grant.json.id)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(
      claimsOf(String((await secretToken(client.appId, secret)).json.access_token)).roles,
    ).toEqual(["Sites.Read.All"]);

    expectGraphError(
      await e.graph("POST", `/servicePrincipals/${graphSp.id}/appRoleAssignedTo`, {
        principalId: client.servicePrincipalId,
        resourceId: graphSp.id,
        appRoleId: roleId,
      }),
      400,
      "Request_BadRequest",
    );
    expectGraphError(
      await e.graph("POST", `/servicePrincipals/${graphSp.id}/appRoleAssignedTo`, {
        principalId: client.servicePrincipalId,
        resourceId: graphSp.id,
        appRoleId: randomUUID(),
      }),
      400,
      "Request_BadRequest",
    );
    const held = await e.graph(
      "GET",
      `/servicePrincipals/${client.servicePrincipalId}/appRoleAssignments`,
    );
    expect((held.json.value as { id: string }[]).map((a) => a.id)).toEqual([grant.json.id]);

    expect(
      (
        await e.graph(
          "DELETE",
          `/servicePrincipals/${graphSp.id}/appRoleAssignedTo/${grant.json.id}`,
        )
      ).status,
    ).toBe(204);
    expect(
      "roles" in claimsOf(String((await secretToken(client.appId, secret)).json.access_token)),
    ).toBe(false);
  });
});

describe("Graph authorisation and errors", () => {
  it("answers 401 InvalidAuthenticationToken without a token, for a foreign token and for a token for another audience", async () => {
    const anonymous = await e.http.request("GET", `${e.graphBaseUrl}/applications`);
    expectGraphError(
      { ...anonymous, json: JSON.parse(anonymous.body) },
      401,
      "InvalidAuthenticationToken",
    );
    const forged = await new SignJWT({
      aud: "https://graph.microsoft.com",
      tid: e.tenantId,
      roles: ["Application.ReadWrite.All"],
    })
      .setProtectedHeader({ alg: "RS256" })
      .setIssuer(`https://sts.windows.net/${e.tenantId}/`)
      .setExpirationTime("1h")
      .sign(generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey);
    expectGraphError(
      await e.graph("GET", "/applications", undefined, forged),
      401,
      "InvalidAuthenticationToken",
    );
    const api = e.directory.createApplication({
      displayName: "not-graph",
      identifierUris: ["api://not-graph"],
    });
    const wrongAud = await e.tokenRequest({
      grant_type: "client_credentials",
      client_id: e.admin.clientId,
      client_secret: e.admin.clientSecret,
      scope: "api://not-graph/.default",
    });
    expect(api.appId).toBeTruthy();
    expectGraphError(
      await e.graph("GET", "/applications", undefined, String(wrongAud.json.access_token)),
      401,
      "InvalidAuthenticationToken",
    );
  });

  it("answers 403 Authorization_RequestDenied without the needed role (read-only may read, not write)", async () => {
    const none = e.directory.createApplication({ displayName: "no-roles" });
    const noneToken = String(
      (await secretToken(none.appId, e.directory.addPassword(none.appId).secretText)).json
        .access_token,
    );
    expectGraphError(
      await e.graph("GET", "/applications", undefined, noneToken),
      403,
      "Authorization_RequestDenied",
    );
    const reader = e.directory.createApplication({ displayName: "reader" });
    e.directory.assignAppRole({
      principalAppId: reader.appId,
      resourceAppId: MSGRAPH_APP_ID,
      role: "Application.Read.All",
    });
    const readerToken = String(
      (await secretToken(reader.appId, e.directory.addPassword(reader.appId).secretText)).json
        .access_token,
    );
    expect((await e.graph("GET", "/applications", undefined, readerToken)).status).toBe(200);
    expectGraphError(
      await e.graph("POST", "/applications", { displayName: "nope" }, readerToken),
      403,
      "Authorization_RequestDenied",
    );
  });

  it("answers 404 Request_ResourceNotFound for unknown objects and 400 for bad bodies or filters", async () => {
    expectGraphError(
      await e.graph("GET", `/applications/${randomUUID()}`),
      404,
      "Request_ResourceNotFound",
    );
    expectGraphError(
      await e.graph("POST", "/applications", { identifierUris: ["api://x"] }),
      400,
      "Request_BadRequest",
    );
    expectGraphError(
      await e.graph(
        "GET",
        `/applications?$filter=${encodeURIComponent("createdDateTime gt 2020-01-01")}`,
      ),
      400,
      "Request_UnsupportedQuery",
    );
    expectGraphError(await e.graph("GET", "/groups"), 400, "BadRequest");
  });
});
