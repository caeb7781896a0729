/**
 * Reading Pulumi.yaml and Pulumi.<stack>.yaml without the Pulumi CLI: clear usage errors (exit 2)
 * naming the file and the fix, plain values only, encrypted ones left out and said so.
 */
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../../tools/cli";
import { readStackFiles, stackFileName } from "../../../tools/rehearse/stackFiles";
import { captureIo } from "../../support/capture";
import { devStackDocument, projectDir, type ProjectDir } from "../../support/rehearsal";

let project: ProjectDir | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

async function rehearseIn(dir: string, ...argv: string[]) {
  const io = captureIo({ cwd: dir });
  const code = await main(["rehearse", ...argv], io);
  return { code, out: io.out(), err: io.err() };
}

describe("usage errors, exit 2, naming the file and the fix", () => {
  it("no Pulumi.yaml in the folder", async () => {
    project = projectDir(devStackDocument());
    const { rmSync } = await import("node:fs");
    rmSync(`${project.dir}/Pulumi.yaml`);
    const r = await rehearseIn(project.dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/error: .*Pulumi\.yaml does not exist/);
    expect(r.err).toMatch(/hint: run the rehearsal from the project folder/);
    expect(r.out).toBe("");
  });

  it("no file for the stack", async () => {
    project = projectDir(devStackDocument());
    const r = await rehearseIn(project.dir, "--stack", "prod");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/error: .*Pulumi\.prod\.yaml does not exist/);
    expect(r.err).toMatch(/hint: create it with `pulumi stack init prod`/);
  });

  it("another project's Pulumi.yaml", async () => {
    project = projectDir(devStackDocument(), {
      projectYaml: "name: billing\nruntime: nodejs\n",
    });
    const r = await rehearseIn(project.dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /Pulumi\.yaml: project name is "billing", but this program is the onboarding project/,
    );
    expect(r.err).toMatch(/hint: .*name: onboarding/);
  });

  it("a stack file that is not YAML", async () => {
    project = projectDir("config:\n  azuread:tenantId: [unclosed\n");
    const r = await rehearseIn(project.dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Pulumi\.dev\.yaml is not valid YAML/);
  });

  it.each([["../etc/passwd"], ["dev stack"], [""]])("a bad stack name %j", async (stack) => {
    project = projectDir(devStackDocument());
    const r = await rehearseIn(project.dir, "--stack", stack);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--stack/);
  });
});

describe("what is read", () => {
  it("plain values; secure values left out and named on stderr; project defaults applied", async () => {
    const doc = devStackDocument();
    doc.config["onboarding:apis"] = [];
    doc.config["onboarding:apps"] = [
      {
        name: "reader",
        credential: { type: "secret" },
        permissions: [{ api: "microsoft-graph", roles: ["User.Read.All"] }],
      },
    ];
    doc.config["azuread:clientSecret"] = { secure: "v1:AAAABBBBCCCC" };
    project = projectDir(doc);
    const files = await readStackFiles(project.dir, "dev");
    expect(files.ignoredSecureKeys).toEqual(["azuread:clientSecret"]);
    expect(Object.keys(files.config).sort()).toEqual([
      "azuread:tenantId",
      "onboarding:apis",
      "onboarding:apps",
    ]);

    const io = captureIo({ cwd: project.dir });
    expect(await main(["rehearse"], io)).toBe(0);
    expect(io.err()).toMatch(
      /note: azuread:clientSecret: encrypted \(secure:\) value\(s\) ignored; the rehearsal needs none/,
    );
    expect(io.err()).not.toMatch(/v1:AAAABBBBCCCC/);
  });

  it("applies a project-level default the stack file does not override", async () => {
    const doc = devStackDocument();
    const apis = doc.config["onboarding:apis"];
    delete doc.config["onboarding:apis"];
    project = projectDir(doc, {
      projectYaml: `name: onboarding\nruntime: nodejs\nconfig:\n  apis:\n    default: ${JSON.stringify(apis)}\n`,
    });
    const files = await readStackFiles(project.dir, "dev");
    expect(files.config["onboarding:apis"]).toEqual(apis);
  });

  it.each([
    ["dev", "dev"],
    ["acme/onboarding/dev", "dev"],
    ["prod.eu-1_b", "prod.eu-1_b"],
  ])("stack %j reads Pulumi.%s.yaml", (stack, file) => {
    expect(stackFileName(stack)).toBe(file);
  });
});
