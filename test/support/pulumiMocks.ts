/**
 * Pulumi mocks for the infra tests and the benchmark: a fake tenant that records every resource
 * registration and every invoke, answers `getServicePrincipal` from a fixed directory, and fails
 * loudly on any token it does not know (so a new, unmocked call cannot pass unnoticed).
 */
import * as pulumi from "@pulumi/pulumi";
import { graphAppRoles, graphDisabledRoles, MSGRAPH_APP_ID } from "../../infra/msgraph";
import { uuidV5 } from "../../infra/roleIds";

export const T = {
  application: "azuread:index/application:Application",
  servicePrincipal: "azuread:index/servicePrincipal:ServicePrincipal",
  password: "azuread:index/applicationPassword:ApplicationPassword",
  certificate: "azuread:index/applicationCertificate:ApplicationCertificate",
  federated:
    "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential",
  assignment: "azuread:index/appRoleAssignment:AppRoleAssignment",
  protectedApi: "onboarding:index:ProtectedApi",
  daemonApp: "onboarding:index:DaemonApp",
  rotatingSecret: "onboarding:index:RotatingSecret",
  stack: "pulumi:pulumi:Stack",
  getServicePrincipal: "azuread:index/getServicePrincipal:getServicePrincipal",
} as const;

const KNOWN_TYPES = new Set<string>(Object.values(T).filter((t) => t !== T.getServicePrincipal));
const MOCK_NS = "6f1c2a9e-3b7d-4c8a-9e2f-1d0b5a7c3e91";
/** Deterministic fake GUIDs, so two runs of the same config see the same ids. */
export const fakeGuid = (seed: string): string => uuidV5(seed, MOCK_NS);
/** Start date every mocked client secret gets (the provider would use the creation time). */
export const MOCK_SECRET_START = "2026-11-24T00:00:00Z";

export interface MockServicePrincipal {
  appId: string;
  objectId: string;
  appRoleIds: Record<string, string>;
  appRoles: { value: string; id: string; enabled: boolean; allowedMemberTypes: string[] }[];
}

/** Microsoft Graph's service principal as a tenant would return it (enabled and disabled roles). */
export function mockGraph(): MockServicePrincipal {
  const appRoles = [
    ...graphAppRoles.map((r) => ({
      value: r.value,
      id: r.id,
      enabled: true,
      allowedMemberTypes: ["Application"],
    })),
    ...[...graphDisabledRoles].map(([value, id]) => ({
      value,
      id,
      enabled: false,
      allowedMemberTypes: ["Application"],
    })),
  ];
  return {
    appId: MSGRAPH_APP_ID,
    objectId: fakeGuid("sp:graph"),
    appRoleIds: Object.fromEntries(appRoles.map((r) => [r.value, r.id])),
    appRoles,
  };
}

/** Another API already in the tenant. `userOnly` roles are assignable to users/groups only. */
export function mockExternalApi(
  appId: string,
  roles: string[],
  userOnly: string[] = [],
): MockServicePrincipal {
  const appRoles = [...roles, ...userOnly].map((value) => ({
    value,
    id: fakeGuid(`role:${appId}:${value}`),
    enabled: true,
    allowedMemberTypes: userOnly.includes(value) ? ["User"] : ["Application"],
  }));
  return {
    appId,
    objectId: fakeGuid(`sp:${appId}`),
    appRoleIds: Object.fromEntries(appRoles.map((r) => [r.value, r.id])),
    appRoles,
  };
}

export interface RecordedResource {
  type: string;
  name: string;
  custom: boolean;
  // Inputs are whatever the program sent; tests read them by name.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  inputs: Record<string, any>;
  id: string | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  state: Record<string, any>;
}

export interface RecordedCall {
  token: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  inputs: Record<string, any>;
}

export class MockTenant implements pulumi.runtime.Mocks {
  readonly resources: RecordedResource[] = [];
  readonly calls: RecordedCall[] = [];
  private readonly directory: Map<string, MockServicePrincipal>;

  constructor(servicePrincipals: MockServicePrincipal[] = [mockGraph()]) {
    this.directory = new Map(servicePrincipals.map((sp) => [sp.appId.toLowerCase(), sp]));
  }

  newResource(args: pulumi.runtime.MockResourceArgs): {
    id: string | undefined;
    state: Record<string, unknown>;
  } {
    if (!KNOWN_TYPES.has(args.type))
      throw new Error(`MockTenant: unexpected resource type ${args.type} (${args.name})`);
    const { id, state } = this.outputsOf(args);
    this.resources.push({
      type: args.type,
      name: args.name,
      custom: args.custom ?? true,
      inputs: args.inputs,
      id,
      state,
    });
    return { id, state };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    this.calls.push({ token: args.token, inputs: args.inputs });
    if (args.token !== T.getServicePrincipal)
      throw new Error(`MockTenant: unexpected invoke ${args.token}`);
    const clientId = String(args.inputs.clientId ?? "");
    const sp = this.directory.get(clientId.toLowerCase());
    if (!sp) {
      // The provider's wording; the engine hands the SDK gRPC errors whose text is in `details`.
      const text = `service principal not found: No service principal found with application ID: "${clientId}"`;
      throw Object.assign(new Error(text), { details: text });
    }
    return {
      id: sp.objectId,
      objectId: sp.objectId,
      clientId: sp.appId,
      appRoleIds: sp.appRoleIds,
      appRoles: sp.appRoles,
    };
  }

  ofType(type: string): RecordedResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  named(type: string, name: string): RecordedResource {
    const found = this.resources.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1)
      throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
    return found[0];
  }

  private outputsOf(args: pulumi.runtime.MockResourceArgs): {
    id: string | undefined;
    state: Record<string, unknown>;
  } {
    const seed = `${args.type}:${args.name}`;
    switch (args.type) {
      case T.application: {
        const objectId = fakeGuid(`obj:${seed}`);
        return {
          id: `/applications/${objectId}`,
          state: { ...args.inputs, objectId, clientId: fakeGuid(`client:${seed}`) },
        };
      }
      case T.servicePrincipal: {
        const objectId = fakeGuid(`obj:${seed}`);
        return { id: objectId, state: { ...args.inputs, objectId } };
      }
      case T.password: {
        const hours = Number(/^(\d+)h$/.exec(String(args.inputs.endDateRelative))?.[1] ?? 0);
        const end = new Date(Date.parse(MOCK_SECRET_START) + hours * 3_600_000)
          .toISOString()
          .replace(".000Z", "Z");
        const keyId = fakeGuid(`key:${seed}:${JSON.stringify(args.inputs.rotateWhenChanged)}`);
        // Not a real secret: a marker that lets tests check where the value travels.
        const value = `mock-secret-value:${args.name}:${keyId}`;
        return {
          id: `${args.inputs.applicationId}/password/${keyId}`,
          state: { ...args.inputs, keyId, value, startDate: MOCK_SECRET_START, endDate: end },
        };
      }
      case T.certificate:
      case T.federated:
      case T.assignment:
        return { id: fakeGuid(`id:${seed}`), state: { ...args.inputs } };
      default:
        // Components and the stack: no provider behind them.
        return { id: undefined, state: {} };
    }
  }
}
