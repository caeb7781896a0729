/**
 * Config the emulated tenant cannot fully stand in for is rehearsed honestly: owners are named as
 * not rehearsed (never faked), a national cloud is rehearsed as the public one and said so.
 */
import { afterEach, describe, expect, it } from "vitest";
import { rehearse } from "../../../tools/rehearse/rehearse";
import { captureIo } from "../../support/capture";
import { devStackDocument, projectDir, type ProjectDir } from "../../support/rehearsal";

let project: ProjectDir | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

const OWNER = "9a1c3e5f-7b2d-4f6a-8c0e-1d3f5a7b9c2e";

describe("what the emulated tenant cannot stand in for", () => {
  it("owners: left out, counted in the plan, the rest rehearsed", async () => {
    const doc = devStackDocument();
    (doc.config["onboarding:apis"] as Record<string, unknown>[])[0].owners = [OWNER];
    (doc.config["onboarding:apps"] as Record<string, unknown>[])[0].owners = [OWNER];
    project = projectDir(doc);
    const io = captureIo({ cwd: project.dir });

    const { exitCode } = await rehearse({ stack: "dev", json: false, wait: 0 }, io);

    expect(exitCode, io.err()).toBe(0);
    // Application and service principal of the API and of graph-reader: four owner links.
    expect(io.out()).toMatch(
      /Not rehearsed: owners \(the emulated tenant has no users\)\. 4 owner assignment\(s\) in this config were not made\./,
    );
  });

  it("a national cloud: rehearsed as the public cloud, with a note on stderr", async () => {
    const doc = devStackDocument();
    doc.config["azuread:environment"] = "usgovernment";
    project = projectDir(doc);
    const io = captureIo({ cwd: project.dir });

    const { exitCode, report } = await rehearse({ stack: "dev", json: false, wait: 0 }, io);

    expect(exitCode, io.err()).toBe(0);
    expect(io.err()).toMatch(
      /note: azuread:environment usgovernment: rehearsed as the public cloud/,
    );
    expect(report.apps.find((a) => a.name === "graph-reader")!.checks[0].scope).toBe(
      "https://graph.microsoft.com/.default",
    );
  });
});
