/**
 * A client secret that rotates with overlap. Two password slots; `generation` picks the slot it
 * renews (generation % 2), and each slot's `rotateWhenChanged` carries the latest generation that
 * targeted it. Bumping the generation therefore changes one slot's inputs only: that slot is
 * replaced with a fresh secret (now the current one) while the other keeps the previous secret,
 * valid until the next bump, so consumers can switch over without an outage.
 */
import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";

export interface RotatingSecretArgs {
  /** Resource id of the application (`Application.id`). */
  applicationId: pulumi.Input<string>;
  /** Which secret is current; bump by one to rotate. At least 1. */
  generation: number;
  /** Each secret's lifetime, counted from when its slot is (re)created. */
  lifetimeDays: number;
}

/** The slot a generation renews. */
export function slotOf(generation: number): 0 | 1 {
  return generation % 2 === 0 ? 0 : 1;
}

/**
 * The latest generation up to `generation` that targeted each slot; absent for a slot no
 * generation has targeted yet (generation 1 creates one secret, not two).
 */
export function slotGenerations(generation: number): Partial<Record<0 | 1, number>> {
  const out: Partial<Record<0 | 1, number>> = { [slotOf(generation)]: generation };
  if (generation > 1) out[slotOf(generation - 1)] = generation - 1;
  return out;
}

export class RotatingSecret extends pulumi.ComponentResource {
  /** The current secret. A Pulumi secret. */
  readonly value: pulumi.Output<string>;
  /** Entra key id of the current secret. */
  readonly keyId: pulumi.Output<string>;
  /** RFC 3339 start and end of the current secret. */
  readonly startDate: pulumi.Output<string>;
  readonly endDate: pulumi.Output<string>;

  constructor(name: string, args: RotatingSecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super("onboarding:index:RotatingSecret", name, {}, opts);
    const current = slotOf(args.generation);
    const slots: Partial<Record<0 | 1, azuread.ApplicationPassword>> = {};
    for (const [key, generation] of Object.entries(slotGenerations(args.generation))) {
      const slot = Number(key) as 0 | 1;
      slots[slot] = new azuread.ApplicationPassword(
        `${name}-slot-${slot}`,
        {
          applicationId: args.applicationId,
          displayName: `generation ${generation}`,
          rotateWhenChanged: { generation: String(generation) },
          // Relative, so the end date is fixed when the slot is created and a re-run does not
          // churn it. Deprecated in the provider but still supported; an absolute endDate would
          // need a stored creation time (e.g. a time provider resource) to stay stable.
          endDateRelative: `${args.lifetimeDays * 24}h`,
        },
        {
          parent: this,
          // The older slot keeps the lifetime it was created with, so a lifetimeDays change never
          // replaces the still-valid previous secret. Not the current slot: ignored properties
          // keep their stored value even on replacement, and a bump must apply the new lifetime.
          ignoreChanges: slot === current ? [] : ["endDateRelative"],
        },
      );
    }
    const secret = slots[current]!;
    // Marked secret here too: the provider's additionalSecretOutputs is not applied under mocks,
    // and outputs derived from `value` must stay secret whatever produced it.
    this.value = pulumi.secret(secret.value);
    this.keyId = secret.keyId;
    this.startDate = secret.startDate;
    this.endDate = secret.endDate;
    this.registerOutputs({ keyId: this.keyId, startDate: this.startDate, endDate: this.endDate });
  }
}
