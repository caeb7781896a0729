/**
 * One lookup per distinct external API however many apps use it (the 200-app check).
 */
import { expect, it } from "vitest";
import { graphAppRole } from "../../infra/msgraph";
import {
  HR_API,
  LEDGER_API,
  manyAppsConfig,
  tenantServicePrincipals,
} from "../support/infraConfigs";
import { mockGraph, MockTenant, T } from "../support/pulumiMocks";
import { runStack } from "../support/pulumiStack";

it("looks up each external API's service principal exactly once for 200 apps", async () => {
  const { tenant, error } = await runStack(
    manyAppsConfig(200),
    new MockTenant(tenantServicePrincipals()),
  );
  expect(error).toBeUndefined();
  expect(tenant.calls.map((c) => c.token)).toEqual(Array(3).fill(T.getServicePrincipal));
  expect(tenant.calls.map((c) => c.inputs.clientId).sort()).toEqual(
    [mockGraph().appId, HR_API.appId, LEDGER_API.appId].sort(),
  );

  const assignments = tenant.ofType(T.assignment);
  expect(assignments).toHaveLength(600);
  const expectedByApi = new Map([
    [mockGraph().objectId, graphAppRole("User.Read.All")!.id],
    [HR_API.objectId, HR_API.appRoleIds["Employees.Read.All"]],
    [LEDGER_API.objectId, LEDGER_API.appRoleIds["Ledger.Read.All"]],
  ]);
  for (const a of assignments)
    expect(a.inputs.appRoleId).toBe(expectedByApi.get(a.inputs.resourceObjectId));
  const principals = new Set(tenant.ofType(T.servicePrincipal).map((sp) => sp.state.objectId));
  expect(new Set(assignments.map((a) => a.inputs.principalObjectId))).toEqual(principals);
  expect(tenant.ofType(T.application)).toHaveLength(200);
});
