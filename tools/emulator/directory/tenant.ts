import type {
  AppRole,
  AppRoleAssignment,
  Application,
  ServicePrincipal,
  TenantData,
} from "./model";

/**
 * One tenant's directory: applications, service principals and app role assignments, indexed
 * for the token endpoint's lookups. Mutations live in applications.ts, credentials.ts and
 * assignments.ts and call `changed()` so `--state` can be saved.
 */
export class Tenant {
  readonly applications = new Map<string, Application>();
  readonly servicePrincipals = new Map<string, ServicePrincipal>();
  readonly assignments = new Map<string, AppRoleAssignment>();
  private readonly appIdToApp = new Map<string, string>();
  private readonly appIdToSp = new Map<string, string>();

  constructor(
    readonly id: string,
    readonly domain: string,
    readonly displayName: string,
    public adminAppId: string,
    private readonly onChange: () => void,
  ) {}

  changed(): void {
    this.onChange();
  }

  // --- applications -------------------------------------------------------------------------

  putApplication(app: Application): void {
    this.applications.set(app.id, app);
    this.appIdToApp.set(app.appId.toLowerCase(), app.id);
  }

  dropApplication(app: Application): void {
    this.applications.delete(app.id);
    this.appIdToApp.delete(app.appId.toLowerCase());
  }

  appById(id: string): Application | undefined {
    return this.applications.get(id.toLowerCase());
  }

  appByAppId(appId: string): Application | undefined {
    const id = this.appIdToApp.get(appId.toLowerCase());
    return id === undefined ? undefined : this.applications.get(id);
  }

  // --- service principals -------------------------------------------------------------------

  putServicePrincipal(sp: ServicePrincipal): void {
    this.servicePrincipals.set(sp.id, sp);
    this.appIdToSp.set(sp.appId.toLowerCase(), sp.id);
  }

  dropServicePrincipal(sp: ServicePrincipal): void {
    this.servicePrincipals.delete(sp.id);
    this.appIdToSp.delete(sp.appId.toLowerCase());
    for (const [id, a] of this.assignments)
      if (a.principalId === sp.id || a.resourceId === sp.id) this.assignments.delete(id);
  }

  spById(id: string): ServicePrincipal | undefined {
    return this.servicePrincipals.get(id.toLowerCase());
  }

  spByAppId(appId: string): ServicePrincipal | undefined {
    const id = this.appIdToSp.get(appId.toLowerCase());
    return id === undefined ? undefined : this.servicePrincipals.get(id);
  }

  /** A service principal's app roles: its own for first-party ones, else its application's. */
  appRolesOf(sp: ServicePrincipal): AppRole[] {
    return sp.builtIn?.appRoles ?? this.appByAppId(sp.appId)?.appRoles ?? [];
  }

  /** The names a resource is requested by: its appId and its application's identifier URIs. */
  servicePrincipalNames(sp: ServicePrincipal): string[] {
    return (
      sp.builtIn?.servicePrincipalNames ?? [
        sp.appId,
        ...(this.appByAppId(sp.appId)?.identifierUris ?? []),
      ]
    );
  }

  /**
   * The service principal a `{resource}/.default` scope names. Like Entra, a resource is found
   * through the service principal names in this tenant (case-insensitive; a trailing slash on a
   * URI does not matter), so an application without a service principal here is not a resource.
   */
  resolveResource(resource: string): ServicePrincipal | undefined {
    const want = normaliseName(resource);
    for (const sp of this.servicePrincipals.values()) {
      if (this.servicePrincipalNames(sp).some((n) => normaliseName(n) === want)) return sp;
    }
    return undefined;
  }

  /** App role assignments held by `principalId` on `resourceId`. */
  assignmentsOf(principalId: string, resourceId: string): AppRoleAssignment[] {
    return [...this.assignments.values()].filter(
      (a) => a.principalId === principalId && a.resourceId === resourceId,
    );
  }

  // --- snapshot -----------------------------------------------------------------------------

  toData(): TenantData {
    return {
      id: this.id,
      domain: this.domain,
      displayName: this.displayName,
      adminAppId: this.adminAppId,
      applications: [...this.applications.values()],
      // First-party roles are reference data, re-attached on load (seed.ts), not state.
      servicePrincipals: [...this.servicePrincipals.values()].map((sp) =>
        sp.builtIn ? { ...sp, builtIn: { ...sp.builtIn, appRoles: [] } } : sp,
      ),
      appRoleAssignments: [...this.assignments.values()],
    };
  }

  static fromData(data: TenantData, onChange: () => void): Tenant {
    const t = new Tenant(data.id, data.domain, data.displayName, data.adminAppId, onChange);
    for (const a of data.applications) t.putApplication(a);
    for (const sp of data.servicePrincipals) t.putServicePrincipal(sp);
    for (const a of data.appRoleAssignments) t.assignments.set(a.id, a);
    return t;
  }
}

function normaliseName(name: string): string {
  return name.toLowerCase().replace(/\/+$/, "");
}
