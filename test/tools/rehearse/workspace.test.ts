/**
 * Everything a rehearsal writes lives in one temporary folder, removed at the end, on success
 * and on failure; nothing lands in the project folder, the home folder or anywhere else in the
 * temporary directory.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { rehearse, type ProvisionedStack } from "../../../tools/rehearse/rehearse";
import { captureIo } from "../../support/capture";
import { devStackDocument, projectDir, type ProjectDir } from "../../support/rehearsal";

let project: ProjectDir;
let sandbox: string;
let tmp: string;
let home: string;

beforeEach(() => {
  project = projectDir(devStackDocument());
  sandbox = mkdtempSync(join(tmpdir(), "onboard-rehearse-sandbox-"));
  tmp = join(sandbox, "tmp");
  home = join(sandbox, "home");
  for (const d of [tmp, home]) mkdirSync(d);
  vi.stubEnv("TMPDIR", tmp);
  vi.stubEnv("HOME", home);
});
afterEach(() => {
  vi.unstubAllEnvs();
  project.remove();
  rmSync(sandbox, { recursive: true, force: true });
});

const ls = (dir: string) => readdirSync(dir).sort();

describe("the rehearsal's temporary folder", () => {
  it("holds only the emulator's CA while it runs, and is gone afterwards", async () => {
    let during: { workDir: string; inWorkDir: string[]; inTmp: string[] } | undefined;
    const io = captureIo({ cwd: project.dir });
    const { exitCode } = await rehearse({ stack: "dev", json: false, wait: 0 }, io, {
      afterProvisioning: ({ workDir }) => {
        during = { workDir, inWorkDir: ls(workDir), inTmp: ls(tmp) };
      },
    });

    expect(exitCode, io.err()).toBe(0);
    expect(dirname(during!.workDir)).toBe(tmp);
    expect(during!.inWorkDir).toEqual(["emulator-ca.pem"]);
    expect(during!.inTmp).toEqual([basename(during!.workDir)]);
    expect(ls(tmp)).toEqual([]);
    expect(ls(home)).toEqual([]);
    expect(ls(project.dir)).toEqual(["Pulumi.dev.yaml", "Pulumi.yaml"]);
  });

  it("is removed and the emulator stopped when the rehearsal fails midway", async () => {
    let seen: ProvisionedStack | undefined;
    const io = captureIo({ cwd: project.dir });
    await expect(
      rehearse({ stack: "dev", json: false, wait: 0 }, io, {
        afterProvisioning: (stack) => {
          seen = stack;
          throw new Error("interrupted");
        },
      }),
    ).rejects.toThrow("interrupted");

    expect(ls(tmp)).toEqual([]);
    expect(ls(home)).toEqual([]);
    expect(ls(project.dir)).toEqual(["Pulumi.dev.yaml", "Pulumi.yaml"]);
    const port = new URL(seen!.emulator.authorityHost).port;
    await expect(
      new Promise((resolve, reject) =>
        connect(Number(port), "127.0.0.1").once("connect", resolve).once("error", reject),
      ),
    ).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });
});
