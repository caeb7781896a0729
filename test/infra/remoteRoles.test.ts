/**
 * Deploy-time role checks against looked-up service principals (pure: no mocks).
 */
import { describe, expect, it } from "vitest";
import { resolveApiRef } from "../../infra/apiRefs";
import { cloudByName } from "../../infra/clouds";
import { MSGRAPH_APP_ID } from "../../infra/msgraph";
import type { ValidatedConfig } from "../../infra/validation/model";
import { checkRemoteRoles, type LookupOutcome } from "../../infra/validation/remoteRoles";

const API = "5b1a9c3e-7d2f-4e8a-b6c4-0f3e2d1a9b87";

function config(perms: { api: string; roles: string[] }[][]): ValidatedConfig {
  return {
    tenantId: "t",
    cloud: cloudByName("public")!,
    apis: [],
    apps: perms.map((permissions, i) => ({
      name: `app-${i}`,
      displayName: `app-${i}`,
      owners: [],
      credential: { type: "secret", lifetimeDays: 180, generation: 1 },
      permissions: permissions.map((p) => ({ ...p, target: resolveApiRef(p.api, new Set())! })),
    })),
  };
}

const sp = (
  appRoles: { value: string; enabled?: boolean; members?: string[] }[],
): LookupOutcome => ({
  ok: true,
  sp: {
    appId: API,
    objectId: "obj",
    appRoleIds: Object.fromEntries(appRoles.map((r, i) => [r.value, `id-${i}`])),
    appRoles: appRoles.map((r) => ({
      value: r.value,
      enabled: r.enabled ?? true,
      allowedMemberTypes: r.members ?? ["Application"],
    })),
  },
});

describe("checkRemoteRoles", () => {
  it("passes roles the service principal offers to applications", () => {
    const lookups = new Map([[API, sp([{ value: "Reports.Read" }])]]);
    expect(checkRemoteRoles(config([[{ api: API, roles: ["Reports.Read"] }]]), lookups)).toEqual(
      [],
    );
  });

  it("names unknown roles with the nearest of the service principal's roles", () => {
    const lookups = new Map([
      [
        API,
        sp([{ value: "Reports.Read.All" }, { value: "Reports.Write.All" }, { value: "Admin" }]),
      ],
    ]);
    const issues = checkRemoteRoles(
      config([[{ api: API, roles: ["Reports.Read.All", "reports.write.all", "Nothing.Like.It"] }]]),
      lookups,
    );
    expect(issues).toEqual([
      expect.objectContaining({
        path: "onboarding:apps[0].permissions[0].roles[1]",
        message: `"reports.write.all" is not an app role of the API with appId ${API} in this tenant. Did you mean Reports.Write.All?`,
      }),
      expect.objectContaining({
        path: "onboarding:apps[0].permissions[0].roles[2]",
        message: `"Nothing.Like.It" is not an app role of the API with appId ${API} in this tenant.`,
      }),
    ]);
  });

  it("explains disabled and user-only roles", () => {
    const lookups = new Map([
      [
        API,
        sp([
          { value: "Old", enabled: false },
          { value: "Me", members: ["User"] },
        ]),
      ],
    ]);
    const messages = checkRemoteRoles(config([[{ api: API, roles: ["Old", "Me"] }]]), lookups).map(
      (i) => i.message,
    );
    expect(messages).toEqual([
      `Old is a disabled app role of the API with appId ${API}; it cannot be granted.`,
      `Me is an app role of the API with appId ${API} for users and groups only; it cannot be granted to an app.`,
    ]);
  });

  it("checks Graph against the tenant's Graph too (the live service principal is authoritative)", () => {
    const graph: LookupOutcome = {
      ok: true,
      sp: { appId: MSGRAPH_APP_ID, objectId: "g", appRoleIds: { "User.Read.All": "x" } },
    };
    const issues = checkRemoteRoles(
      config([[{ api: "microsoft-graph", roles: ["User.Read.All", "Group.Read.All"] }]]),
      new Map([[MSGRAPH_APP_ID, graph]]),
    );
    expect(issues.map((i) => i.message)).toEqual([
      '"Group.Read.All" is not an app role of Microsoft Graph in this tenant. Did you mean User.Read.All?',
    ]);
  });

  it("reports a failed lookup once per API, at its first use", () => {
    const lookups = new Map<string, LookupOutcome>([
      [API, { ok: false, error: "forbidden\nmore detail" }],
    ]);
    const issues = checkRemoteRoles(
      config([[{ api: API, roles: ["A"] }], [{ api: API, roles: ["B"] }]]),
      lookups,
    );
    expect(issues).toEqual([
      expect.objectContaining({
        path: "onboarding:apps[0].permissions[0].api",
        message: `No service principal for appId ${API} could be read in this tenant (forbidden). Also used at 1 other place(s).`,
      }),
    ]);
  });

  it("does not look at the stack's own APIs", () => {
    const own = config([]);
    own.apps.push({
      ...config([[]]).apps[0],
      permissions: [
        { api: "orders", roles: ["X"], target: { kind: "own", name: "orders", key: "orders" } },
      ],
    });
    expect(checkRemoteRoles(own, new Map())).toEqual([]);
  });
});
