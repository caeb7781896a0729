/**
 * The Microsoft Graph v1.0 subset, driven the way the azuread provider drives a real tenant:
 * create an application and its service principal, add a password and app roles, grant a
 * role, then get a token that reflects it. Credentials: graphCredentials.test.ts.
 */
import { randomUUID } from "node:crypto";
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

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("applications and service principals", () => {
  it("creates an application, its service principal and a password as the provider does, and the secret is returned once", async () => {
    const roleId = randomUUID();
    const created = await e.graph("POST", "/applications", {
      displayName: "payments-api",
      identifierUris: ["api://payments"],
      api: { requestedAccessTokenVersion: 2 },
      appRoles: [
        {
          id: roleId,
          value: "Payments.Read",
          displayName: "Read payments",
          description: "Read",
          allowedMemberTypes: ["Application"],
          isEnabled: true,
        },
      ],
      web: { redirectUris: [] },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      "@odata.context": `${e.graphBaseUrl}/$metadata#applications/$entity`,
      displayName: "payments-api",
      identifierUris: ["api://payments"],
      signInAudience: "AzureADMyOrg",
      publisherDomain: e.tenantDomain,
      api: { requestedAccessTokenVersion: 2 },
    });
    expect(created.json.id).toMatch(GUID);
    expect(created.json.appId).toMatch(GUID);
    const { id, appId } = created.json as { id: string; appId: string };

    expect((await e.graph("GET", `/applications(appId='${appId}')`)).json.id).toBe(id);
    const sp = await e.graph("POST", "/servicePrincipals", { appId });
    expect(sp.status).toBe(201);
    expect(sp.json).toMatchObject({
      appId,
      accountEnabled: true,
      servicePrincipalType: "Application",
      appOwnerOrganizationId: e.tenantId,
    });
    expect(sp.json.servicePrincipalNames).toEqual([appId, "api://payments"]);
    expect((sp.json.appRoles as { id: string }[]).map((r) => r.id)).toEqual([roleId]);

    const found = await e.graph(
      "GET",
      `/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${appId}'`)}`,
    );
    expect(found.json.value).toHaveLength(1);
    expect((found.json.value as { id: string }[])[0].id).toBe(sp.json.id);

    const pw = await e.graph("POST", `/applications/${id}/addPassword`, {
      passwordCredential: { displayName: "ci" },
    });
    expect(pw.status).toBe(200);
    const secretText = String(pw.json.secretText);
    expect(secretText).toMatch(/^.{3}8Q~.{34}$/);
    expect(pw.json).toMatchObject({ displayName: "ci", hint: secretText.slice(0, 3) });
    const again = await e.graph("GET", `/applications/${id}`);
    expect(again.json.passwordCredentials).toEqual([
      expect.objectContaining({
        keyId: pw.json.keyId,
        hint: secretText.slice(0, 3),
        secretText: null,
      }),
    ]);
    expect(again.body).not.toContain(secretText);

    const client = e.directory.createApplication({ displayName: "payments-client" });
    const clientSecret = e.directory.addPassword(client.appId).secretText;
    const grant = await e.graph("POST", `/servicePrincipals/${sp.json.id}/appRoleAssignedTo`, {
      principalId: client.servicePrincipalId,
      resourceId: sp.json.id,
      appRoleId: roleId,
    });
    expect(grant.status).toBe(201);
    const token = await secretToken(client.appId, clientSecret, "api://payments/.default");
    expect(claimsOf(String(token.json.access_token))).toMatchObject({
      ver: "2.0",
      aud: appId,
      roles: ["Payments.Read"],
    });
  });

  it("refuses to remove an enabled app role and duplicate identifier URIs", async () => {
    const role = {
      id: randomUUID(),
      value: "X.Read",
      allowedMemberTypes: ["Application"],
      isEnabled: true,
    };
    const { id } = (
      await e.graph("POST", "/applications", {
        displayName: "roles-app",
        identifierUris: ["api://roles-app"],
        appRoles: [role],
      })
    ).json as { id: string };
    expectGraphError(
      await e.graph("PATCH", `/applications/${id}`, { appRoles: [] }),
      400,
      "CannotDeleteOrUpdateEnabledEntitlement",
    );
    expect(
      (await e.graph("PATCH", `/applications/${id}`, { appRoles: [{ ...role, isEnabled: false }] }))
        .status,
    ).toBe(204);
    expect((await e.graph("PATCH", `/applications/${id}`, { appRoles: [] })).status).toBe(204);
    expectGraphError(
      await e.graph("POST", "/applications", {
        displayName: "dupe",
        identifierUris: ["api://roles-app"],
      }),
      400,
      "Request_BadRequest",
    );
  });
});
