/**
 * How a rehearsal fails: a bad config before anything starts (exit 2), a grant missing from the
 * tenant at verification (exit 1, the role named), each with nothing secret printed.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../../tools/cli";
import * as emulatorModule from "../../../tools/emulator";
import { rehearse } from "../../../tools/rehearse/rehearse";
import { captureIo } from "../../support/capture";
import {
  collectSecrets,
  devStackDocument,
  expectNoSecrets,
  projectDir,
  REPO_ROOT,
  type ProjectDir,
} from "../../support/rehearsal";

// The real emulator, watched: a config error must stop the rehearsal before it starts one.
vi.mock("../../../tools/emulator", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../../tools/emulator")>();
  return { ...real, startEmulator: vi.fn(real.startEmulator) };
});

let project: ProjectDir | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
  vi.mocked(emulatorModule.startEmulator).mockClear();
});

type App = { name: string; permissions: { api: string; roles: string[] }[] };

describe("a config error stops the rehearsal before anything starts", () => {
  it("names a misspelled role and its nearest names, exit 2", async () => {
    const doc = devStackDocument();
    const apps = doc.config["onboarding:apps"] as App[];
    apps.find((a) => a.name === "orders-sync")!.permissions[0].roles = ["Orders.Wirte.All"];
    apps.find((a) => a.name === "graph-reader")!.permissions[0].roles = ["User.Read.Al"];
    project = projectDir(doc, { stackName: "typo" });
    const io = captureIo({ cwd: project.dir });

    expect(await main(["rehearse", "--stack", "typo"], io)).toBe(2);

    const err = io.err();
    expect(err).toMatch(/Pulumi\.typo\.yaml: The stack config has 2 problems:/);
    expect(err).toMatch(
      /onboarding:apps\[0\]\.permissions\[0\]\.roles\[0\]: .*User\.Read\.Al.*Did you mean User\.Read\.All/,
    );
    expect(err).toMatch(
      /onboarding:apps\[1\]\.permissions\[0\]\.roles\[0\]: .*Orders\.Wirte\.All.*Did you mean Orders\.Write\.All/,
    );
    expect(err).toMatch(/hint: fix the entries named above; nothing was started/);
    expect(io.out()).toBe("");
    expect(emulatorModule.startEmulator).not.toHaveBeenCalled();
  });

  it("refuses an API outside the stack (by appId), naming the entry, exit 2", async () => {
    const doc = devStackDocument();
    const apps = doc.config["onboarding:apps"] as App[];
    apps[0].permissions.push({
      api: "5b1a9c3e-7d2f-4e8a-b6c4-0f3e2d1a9b87",
      roles: ["Employees.Read.All"],
    });
    project = projectDir(doc);
    const io = captureIo({ cwd: project.dir });

    expect(await main(["rehearse"], io)).toBe(2);
    expect(io.err()).toMatch(/cannot stand in for APIs outside this stack/);
    expect(io.err()).toMatch(
      /onboarding:apps\[0\]\.permissions\[1\]\.api \(5b1a9c3e-7d2f-4e8a-b6c4-0f3e2d1a9b87, app graph-reader\)/,
    );
    expect(emulatorModule.startEmulator).not.toHaveBeenCalled();
  });
});

describe("a grant removed from the tenant between provisioning and verification", () => {
  it("fails that app with the missing role named, exit 1", async () => {
    const io = captureIo({ cwd: REPO_ROOT });
    const secrets: string[] = [];
    const removed: string[] = [];
    const hooks = collectSecrets(secrets, {
      afterProvisioning({ emulator, outputs, ledger }) {
        const sp = outputs.apps["orders-sync"].servicePrincipalObjectId;
        for (const a of ledger.assignments) {
          if (
            a.principalId !== sp ||
            ledger.roleValue(a.resourceId, a.appRoleId) !== "Orders.Write.All"
          )
            continue;
          emulator.directory.removeAppRoleAssignment(a.id);
          removed.push(a.id);
        }
      },
    });

    const { exitCode, report } = await rehearse({ stack: "dev", json: false, wait: 0 }, io, hooks);

    expect(emulatorModule.startEmulator).toHaveBeenCalledTimes(1);
    expect(removed).toHaveLength(1);
    expect(exitCode).toBe(1);
    expect(report.summary).toMatchObject({ passed: 2, failed: 1 });
    const sync = report.apps.find((a) => a.name === "orders-sync")!;
    expect(sync.status).toBe("fail");
    expect(sync.checks[0]).toMatchObject({
      resource: "orders-api",
      grantedRoles: ["Orders.Read.All"],
      missingRoles: ["Orders.Write.All"],
      error: { code: "missing_roles" },
    });
    expect(io.out()).toMatch(/orders-sync\s+orders-api\s+FAIL\s+missing: Orders\.Write\.All/);
    expect(io.out()).toMatch(
      /✗ orders-sync → orders-api: missing_roles: the token lacks Orders\.Write\.All/,
    );
    expect(io.out()).toMatch(/1 failed: 2 of 3 app\(s\) passed/);
    // The plan still shows what provisioning created, the removed grant included.
    expect(io.out()).toMatch(/grant\s+orders-api: Orders\.Write\.All/);
    expectNoSecrets(io.out() + io.err(), secrets);
  });
});
