import type * as pulumi from "@pulumi/pulumi";

/**
 * `T` with every leaf allowed to be a Pulumi input, so plain objects can hold outputs where the
 * stack outputs need them; `pulumi.Unwrap<Lifted<T>>` is `T` again. Unions distribute, so a
 * discriminated union keeps its literal tags.
 */
export type Lifted<T> = T extends string | number | boolean
  ? pulumi.Input<T>
  : T extends readonly (infer U)[]
    ? Lifted<U>[]
    : { [K in keyof T]: Lifted<T[K]> };
