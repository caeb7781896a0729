import { badRequest } from "./errors";
import type { TenantData } from "./model";
import { seedAdminApp, seedGraphServicePrincipal } from "./seed";
import { Tenant } from "./tenant";
import { GUID } from "../../../infra/guid";

export interface Snapshot {
  version: 1;
  tenants: TenantData[];
}

/** All tenants the emulator serves, found by id or by verified domain. */
export class Directory {
  private readonly tenants = new Map<string, Tenant>();
  private readonly domains = new Map<string, Tenant>();
  private listener: () => void = () => undefined;

  /** Called after every change (the `--state` writer subscribes). */
  onChange(listener: () => void): void {
    this.listener = listener;
  }

  /** A tenant by GUID or verified domain name, case-insensitively; undefined when unknown. */
  resolve(idOrDomain: string): Tenant | undefined {
    const key = idOrDomain.toLowerCase();
    return this.tenants.get(key) ?? this.domains.get(key);
  }

  get(id: string): Tenant | undefined {
    return this.tenants.get(id.toLowerCase());
  }

  list(): Tenant[] {
    return [...this.tenants.values()];
  }

  /** Creates a tenant with its Graph service principal and admin app. */
  addTenant(id: string, domain?: string): Tenant {
    if (!GUID.test(id)) throw badRequest(`Tenant id '${id}' is not a GUID.`);
    if (this.get(id)) throw badRequest(`Tenant '${id}' already exists.`);
    const d = (domain ?? `tenant-${id.slice(0, 8)}.onmicrosoft.com`).toLowerCase();
    if (this.domains.has(d))
      throw badRequest(`Domain '${d}' is already verified in another tenant.`);
    const t = new Tenant(id.toLowerCase(), d, "Emulator Directory", "", () => this.listener());
    seedGraphServicePrincipal(t);
    seedAdminApp(t);
    this.index(t);
    this.listener();
    return t;
  }

  toSnapshot(): Snapshot {
    return { version: 1, tenants: this.list().map((t) => t.toData()) };
  }

  static fromSnapshot(s: Snapshot): Directory {
    if (s.version !== 1 || !Array.isArray(s.tenants))
      throw new Error("unsupported state file (expected version 1)");
    const dir = new Directory();
    for (const data of s.tenants) {
      const t = Tenant.fromData(data, () => dir.listener());
      seedGraphServicePrincipal(t);
      dir.index(t);
    }
    return dir;
  }

  private index(t: Tenant): void {
    this.tenants.set(t.id, t);
    this.domains.set(t.domain, t);
  }
}
