/**
 * Stack configs for the infra tests and the benchmark.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { mockExternalApi, mockGraph, type MockServicePrincipal } from "./pulumiMocks";
import type { StackConfig } from "./pulumiStack";

export const TENANT_ID = "4f6b2d1e-8c3a-4e7f-9b5d-2a1c0e9f7d3b";
const repoRoot = join(__dirname, "../..");

/** The `config:` block of the committed Pulumi.dev.yaml. */
export function devStackConfig(): StackConfig {
  return parse(readFileSync(join(repoRoot, "Pulumi.dev.yaml"), "utf8")).config as StackConfig;
}

/** Two external APIs besides Graph, already in the (mock) tenant. */
export const HR_API = mockExternalApi(
  "5b1a9c3e-7d2f-4e8a-b6c4-0f3e2d1a9b87",
  ["Employees.Read.All", "Employees.Write.All"],
  ["Self.Read"],
);
export const LEDGER_API = mockExternalApi("8e2d4f6a-1c3b-4a5e-9d7f-3b2a1c0e4d6f", [
  "Ledger.Read.All",
  "Ledger.Post",
]);

/** The directory the mocks answer from: Graph and the two external APIs. */
export function tenantServicePrincipals(): MockServicePrincipal[] {
  return [mockGraph(), HR_API, LEDGER_API];
}

/** `count` secret apps, each with one permission on each of the three external APIs. */
export function manyAppsConfig(count: number): StackConfig {
  const apps = Array.from({ length: count }, (_, i) => ({
    name: `app-${String(i).padStart(4, "0")}`,
    credential: { type: "secret" },
    permissions: [
      { api: "microsoft-graph", roles: ["User.Read.All"] },
      { api: HR_API.appId, roles: ["Employees.Read.All"] },
      { api: LEDGER_API.appId, roles: ["Ledger.Read.All"] },
    ],
  }));
  return { "azuread:tenantId": TENANT_ID, "onboarding:apps": apps };
}
