/**
 * Pulumi mocks backed by the emulated tenant: each azuread resource the program declares is
 * created through the emulator's Graph and answered with the tenant's real ids and values;
 * `getServicePrincipal` reads the tenant. Components pass through. Anything else fails.
 *
 * A failure is recorded, not thrown into Pulumi: a rejected registration leaves the SDK's output
 * chains rejecting with no one awaiting them (unhandled rejections), so the failed resource gets
 * a marked placeholder instead, its dependants are not attempted, and the rehearsal stops with
 * the recorded failures once the program has drained. Placeholders never reach verification.
 */
import type * as pulumi from "@pulumi/pulumi";
import { createApplication } from "./applicationResource";
import {
  createAppRoleAssignment,
  createServicePrincipal,
  lookupServicePrincipal,
} from "./servicePrincipalResources";
import {
  createCertificate,
  createFederatedCredential,
  createPassword,
} from "./credentialResources";
import type { GraphClient } from "./graphClient";
import { Ledger } from "./ledger";
import { unwrapSecrets, type MockContext, type ResourceMapping } from "./mockContext";

/** The azuread resources the rehearsal can create, by type token. */
const RESOURCES: Record<string, ResourceMapping> = {
  "azuread:index/application:Application": createApplication,
  "azuread:index/servicePrincipal:ServicePrincipal": createServicePrincipal,
  "azuread:index/applicationPassword:ApplicationPassword": createPassword,
  "azuread:index/applicationCertificate:ApplicationCertificate": createCertificate,
  "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential":
    createFederatedCredential,
  "azuread:index/appRoleAssignment:AppRoleAssignment": createAppRoleAssignment,
};
const GET_SERVICE_PRINCIPAL = "azuread:index/getServicePrincipal:getServicePrincipal";

/** Components (no provider behind them): this project's, and the stack itself. */
function isPassThrough(type: string): boolean {
  return type.startsWith("onboarding:index:") || type === "pulumi:pulumi:Stack";
}

/** Marks placeholder values, so dependants of a failed resource are recognised. */
const NOT_CREATED = "rehearsal:not-created";

export interface MockFailure {
  /** Type token and resource name (or invoke token). */
  what: string;
  error: Error;
  /** True when the rehearsal has no mapping for it (a gap in the tool, not in the config). */
  unsupported: boolean;
}

export class EmulatorMocks implements pulumi.runtime.Mocks {
  readonly ledger = new Ledger();
  readonly failures: MockFailure[] = [];
  /** Resources not attempted because something they depend on failed. */
  skipped = 0;
  /** Owners given in config and not set (the emulated tenant has no users). */
  ownersNotRehearsed = 0;
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly ctx: MockContext;

  constructor(graph: GraphClient) {
    this.ctx = {
      graph,
      ledger: this.ledger,
      exclusive: (key, fn) => this.exclusive(key, fn),
      notRehearsed: (_what, count) => {
        this.ownersNotRehearsed += count;
      },
    };
  }

  async newResource(
    args: pulumi.runtime.MockResourceArgs,
  ): Promise<pulumi.runtime.MockResourceResult> {
    if (args.custom === false && isPassThrough(args.type)) return { id: undefined, state: {} };
    const mapping = args.custom === false ? undefined : RESOURCES[args.type];
    if (!mapping) {
      return this.fail(
        args,
        new Error(
          `no emulator mapping for ${args.custom === false ? "component" : "resource"} type ${args.type}`,
        ),
        true,
      );
    }
    if (JSON.stringify(args.inputs ?? {}).includes(NOT_CREATED)) {
      this.skipped++;
      return placeholder(args);
    }
    try {
      return await mapping({ ...args, inputs: unwrapSecrets(args.inputs ?? {}) }, this.ctx);
    } catch (e) {
      return this.fail(args, e, false);
    }
  }

  async call(args: pulumi.runtime.MockCallArgs): Promise<Record<string, unknown>> {
    if (args.token !== GET_SERVICE_PRINCIPAL) {
      const error = new Error(`no emulator mapping for invoke ${args.token}`);
      this.failures.push({ what: `invoke ${args.token}`, error, unsupported: true });
      throw error;
    }
    // A missing service principal is an answer, not a failure: the program reports it.
    return lookupServicePrincipal(args, this.ctx);
  }

  private fail(args: pulumi.runtime.MockResourceArgs, e: unknown, unsupported: boolean) {
    const error = e instanceof Error ? e : new Error(String(e));
    this.failures.push({ what: `${args.type} "${args.name}"`, error, unsupported });
    return placeholder(args);
  }

  private exclusive<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const before = this.locks.get(key) ?? Promise.resolve();
    const run = before.then(fn, fn);
    this.locks.set(
      key,
      run.catch(() => undefined),
    );
    return run;
  }
}

/** Stands in for a resource that was not created, with every output the program reads. */
function placeholder(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
  const marker = `${NOT_CREATED}:${args.name}`;
  return {
    id: marker,
    state: {
      ...args.inputs,
      objectId: marker,
      clientId: marker,
      keyId: marker,
      value: marker,
      startDate: marker,
      endDate: marker,
      appRoleIds: {},
    },
  };
}
