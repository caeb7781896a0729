import type { Directory } from "./directory/directory";
import type { Tenant } from "./directory/tenant";
import type { Faults } from "./faults";
import type { Federation } from "./federation";
import type { SigningKeys } from "./crypto/signingKeys";

/** Everything request handlers share. */
export interface EmulatorContext {
  /** `https://127.0.0.1:<port>`, known once the server listens. */
  authorityHost: string;
  directory: Directory;
  keys: SigningKeys;
  federation: Federation;
  faults: Faults;
}

/** The tenant segments Entra reserves for multi-tenant authorities. */
export const RESERVED_TENANTS = new Set(["common", "organizations", "consumers"]);

export type TenantRef =
  | { kind: "tenant"; tenant: Tenant }
  | { kind: "reserved"; name: string }
  | { kind: "unknown"; name: string };

export function resolveTenantSegment(ctx: EmulatorContext, segment: string): TenantRef {
  const lower = segment.toLowerCase();
  if (RESERVED_TENANTS.has(lower)) return { kind: "reserved", name: lower };
  const tenant = ctx.directory.resolve(segment);
  return tenant ? { kind: "tenant", tenant } : { kind: "unknown", name: segment };
}
