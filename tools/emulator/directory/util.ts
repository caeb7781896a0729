/** Graph's DateTimeOffset format for stored objects: ISO 8601, UTC, whole seconds. */
export function iso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}
