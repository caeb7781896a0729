/**
 * Program evaluation under Pulumi mocks for 10, 100 and 1,000 daemon apps (3 permissions each,
 * across 3 external APIs): wall time, peak memory, invokes. Measured beside, in the same run:
 *   - baseline: the same program but one getServicePrincipal per app per permission (no sharing);
 *   - SDK floor: the same custom resources declared bare (no validation, lookups, components or
 *     outputs), i.e. what @pulumi/pulumi itself costs per resource under mocks.
 * No timing assertions; the only assertion is behavioural (3 invokes at every size).
 */
import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { expect, it } from "vitest";
import { readStackConfig } from "../../infra/config";
import { ConfigValidationError } from "../../infra/errors";
import { runProgram } from "../../infra/program";
import { declareResources } from "../../infra/resources";
import { checkRemoteRoles, type LookupOutcome } from "../../infra/validation/remoteRoles";
import { validateStackConfig } from "../../infra/validation/validateConfig";
import { manyAppsConfig, tenantServicePrincipals } from "../support/infraConfigs";
import { MockTenant } from "../support/pulumiMocks";
import { engineConfig } from "../support/pulumiStack";
import { printTable, speedup, timed, type Row } from "./report";

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

/** A mock tenant that also samples memory while resources register. */
class SamplingTenant extends MockTenant {
  peakHeap = 0;
  peakRss = 0;
  private count = 0;
  sample(): void {
    const m = process.memoryUsage();
    this.peakHeap = Math.max(this.peakHeap, m.heapUsed);
    this.peakRss = Math.max(this.peakRss, m.rss);
  }
  override newResource(args: pulumi.runtime.MockResourceArgs) {
    if (++this.count % 32 === 0) this.sample();
    return super.newResource(args);
  }
}

/** The naive program: like infra/program.ts, but every permission does its own lookup. */
async function naiveProgram() {
  const result = validateStackConfig(readStackConfig());
  if (!result.ok) throw new ConfigValidationError(result.issues);
  const config = result.config;
  const lookups = new Map<string, LookupOutcome>();
  const pending: Promise<void>[] = [];
  for (const app of config.apps) {
    for (const perm of app.permissions) {
      if (perm.target.kind === "own") continue;
      const appId = perm.target.appId;
      pending.push(
        azuread.getServicePrincipal({ clientId: appId }).then((sp) => {
          lookups.set(appId, {
            ok: true,
            sp: { appId, objectId: sp.objectId, appRoleIds: sp.appRoleIds },
          });
        }),
      );
    }
  }
  await Promise.all(pending);
  const issues = checkRemoteRoles(config, lookups);
  if (issues.length) throw new ConfigValidationError(issues);
  const sps = new Map([...lookups].flatMap(([id, o]) => (o.ok ? [[id, o.sp] as const] : [])));
  return {
    tenantId: config.tenantId,
    authorityHost: config.cloud.authorityHost,
    apps: declareResources(config, sps),
  };
}

/** The SDK floor: the same custom resources per app, declared bare. */
async function bareResources(apps: number) {
  for (let i = 0; i < apps; i++) {
    const app = new azuread.Application(`a${i}-app`, { displayName: `a${i}` });
    const sp = new azuread.ServicePrincipal(`a${i}-sp`, { clientId: app.clientId });
    new azuread.ApplicationPassword(`a${i}-slot-1`, {
      applicationId: app.id,
      endDateRelative: "4320h",
    });
    for (let k = 0; k < 3; k++) {
      new azuread.AppRoleAssignment(`a${i}-grant-${k}`, {
        appRoleId: `role-${k}`,
        principalObjectId: sp.objectId,
        resourceObjectId: `resource-${k}`,
      });
    }
  }
  return {};
}

interface Measured {
  ms: number;
  heapMb: number;
  rssMb: number;
  invokes: number;
  resources: number;
}

async function measure(apps: number, program: () => Promise<unknown>): Promise<Measured> {
  const tenant = new SamplingTenant(tenantServicePrincipals());
  pulumi.runtime.setAllConfig(engineConfig(manyAppsConfig(apps)));
  await pulumi.runtime.setMocks(tenant, "onboarding", "bench", false);
  collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;
  let failure: unknown;
  const { ms } = await timed(async () => {
    await pulumi.runtime.runInPulumiStack(async () => {
      try {
        return await program();
      } catch (e) {
        failure = e;
        return undefined;
      }
    });
    // Registrations that feed no output may still be in flight: evaluation ends when they land.
    await pulumi.runtime.disconnect();
  });
  if (failure) throw failure;
  tenant.sample();
  return {
    ms,
    heapMb: (tenant.peakHeap - heapBefore) / 2 ** 20,
    rssMb: tenant.peakRss / 2 ** 20,
    invokes: tenant.calls.length,
    resources: tenant.resources.filter((r) => r.custom).length,
  };
}

/** Median-by-time of `runs` measurements (sizes up to 100 are quick enough to repeat). */
async function measureMedian(apps: number, program: () => Promise<unknown>): Promise<Measured> {
  const runs = apps <= 100 ? 5 : 1;
  const all: Measured[] = [];
  for (let i = 0; i < runs; i++) all.push(await measure(apps, program));
  all.sort((a, b) => a.ms - b.ms);
  return all[Math.floor(all.length / 2)];
}

it("infra: program evaluation under mocks, 10 / 100 / 1,000 apps", async () => {
  await measure(10, () => runProgram()); // warm-up: module loading and JIT
  const rows: Row[] = [];
  const notes: string[] = [];
  for (const apps of [10, 100, 1000]) {
    const subject = await measureMedian(apps, () => runProgram());
    const baseline = await measureMedian(apps, naiveProgram);
    const floor = await measureMedian(apps, () => bareResources(apps));
    expect(subject.invokes).toBe(3);
    expect(baseline.invokes).toBe(apps * 3);
    const row = (variant: string, m: Measured): Row => ({
      apps,
      variant,
      "wall ms": m.ms,
      "ms/app": m.ms / apps,
      "peak heap MB": m.heapMb,
      "peak RSS MB": m.rssMb,
      invokes: m.invokes,
      resources: m.resources,
    });
    rows.push(
      row("program (1 lookup per API)", subject),
      row("baseline (1 lookup per app x permission)", baseline),
      row("SDK floor (same resources, bare)", floor),
    );
    notes.push(
      `${apps} apps: program ${speedup(baseline.ms, subject.ms)} faster than baseline with ${baseline.invokes / subject.invokes}x fewer invokes; ` +
        `${((subject.ms / floor.ms - 1) * 100).toFixed(0)}% above the SDK floor`,
    );
  }
  notes.push(
    "peak heap = sampled heapUsed above the start of the run; peak RSS = sampled process RSS (includes vitest).",
    "Mocks answer instantly: the baseline's real cost, one Graph round trip per extra invoke, is not in these times.",
  );
  printTable(
    "infra: program evaluation under Pulumi mocks (3 permissions/app over 3 external APIs)",
    rows,
    notes,
  );
});
