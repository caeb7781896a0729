/**
 * Client secret rotation with overlap: two slots, `generation` picks the one renewed.
 */
import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { slotGenerations, slotOf } from "../../infra/components/rotatingSecret";
import { TENANT_ID } from "../support/infraConfigs";
import { MockTenant, T } from "../support/pulumiMocks";
import { resolveOutputs, runStack } from "../support/pulumiStack";

function secretApp(generation: number, lifetimeDays = 180) {
  return {
    "azuread:tenantId": TENANT_ID,
    "onboarding:apps": [
      {
        name: "billing-worker",
        credential: { type: "secret", generation, lifetimeDays },
        permissions: [{ api: "microsoft-graph", roles: ["User.Read.All"] }],
      },
    ],
  };
}

/** Password inputs by resource name, and the secret the outputs carry. */
async function deploy(generation: number, lifetimeDays = 180) {
  const ignored = new Map<string, string[] | undefined>();
  const run = await runStack(secretApp(generation, lifetimeDays), new MockTenant(), {
    before: () =>
      pulumi.runtime.registerStackTransformation((args) => {
        if (args.type === T.password) ignored.set(args.name, args.opts.ignoreChanges);
        return undefined;
      }),
  });
  if (run.error) throw run.error;
  const slots = new Map(run.tenant.ofType(T.password).map((r) => [r.name, r]));
  const outputs = await resolveOutputs(run.returned);
  return { slots, ignored, credential: outputs.apps["billing-worker"].credential };
}

const SLOT0 = "billing-worker-secret-slot-0";
const SLOT1 = "billing-worker-secret-slot-1";

describe("rotating client secret", () => {
  it("generation 1 creates one secret, not an unused second one", async () => {
    const { slots, credential } = await deploy(1);
    expect([...slots.keys()]).toEqual([SLOT1]);
    expect(slots.get(SLOT1)!.inputs.rotateWhenChanged).toEqual({ generation: "1" });
    expect(credential).toMatchObject({ type: "secret", secret: slots.get(SLOT1)!.state.value });
  });

  it("the first bump adds the second slot and leaves the first untouched", async () => {
    const before = await deploy(1);
    const after = await deploy(2);
    expect(after.slots.get(SLOT1)!.inputs).toEqual(before.slots.get(SLOT1)!.inputs);
    expect(after.slots.get(SLOT0)!.inputs).toMatchObject({
      rotateWhenChanged: { generation: "2" },
      displayName: "generation 2",
    });
    expect(after.credential).toMatchObject({ secret: after.slots.get(SLOT0)!.state.value });
  });

  it("bumping generation changes only one slot's inputs; the other, still valid, is untouched", async () => {
    const g3 = await deploy(3);
    const g4 = await deploy(4);
    const changed = [SLOT0, SLOT1].filter(
      (name) =>
        JSON.stringify(g3.slots.get(name)!.inputs) !== JSON.stringify(g4.slots.get(name)!.inputs),
    );
    expect(changed).toEqual([SLOT0]);
    expect(g4.slots.get(SLOT1)!.inputs).toEqual(g3.slots.get(SLOT1)!.inputs);
    // The output moves to the renewed slot; the previous secret (slot 1) keeps working.
    expect(g3.credential).toMatchObject({
      secret: g3.slots.get(SLOT1)!.state.value,
      keyId: g3.slots.get(SLOT1)!.state.keyId,
    });
    expect(g4.credential).toMatchObject({
      secret: g4.slots.get(SLOT0)!.state.value,
      keyId: g4.slots.get(SLOT0)!.state.keyId,
    });
    expect(g4.credential).toMatchObject({
      createdAt: "2026-11-24T00:00:00Z",
      expiresAt: "2027-05-23T00:00:00Z",
    });
  });

  it("re-running the same generation changes nothing", async () => {
    const a = await deploy(5);
    const b = await deploy(5);
    expect([...b.slots.values()].map((s) => s.inputs)).toEqual(
      [...a.slots.values()].map((s) => s.inputs),
    );
  });

  it("each slot's end date is lifetimeDays from its creation; a new lifetime applies to the renewed slot only", async () => {
    const { slots, ignored } = await deploy(7, 90);
    expect(slots.get(SLOT1)!.inputs.endDateRelative).toBe("2160h");
    // The older slot ignores endDateRelative, so changing lifetimeDays with a bump never
    // replaces the secret that is still in use.
    expect(ignored.get(SLOT1)).toEqual([]);
    expect(ignored.get(SLOT0)).toEqual(["endDateRelative"]);
  });

  it("property: each bump renews exactly the slot the new generation selects", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (g) => {
        const before = slotGenerations(g);
        const after = slotGenerations(g + 1);
        const renewed = slotOf(g + 1);
        const kept = renewed === 0 ? 1 : 0;
        expect(after[renewed]).toBe(g + 1);
        expect(after[kept]).toBe(g);
        expect(before[kept]).toBe(g);
        expect(before[renewed]).not.toBe(after[renewed]);
      }),
    );
  });
});
