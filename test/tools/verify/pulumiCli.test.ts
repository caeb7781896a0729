import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../../tools/cli";
import { captureIo } from "../../support/capture";

// A stand-in `pulumi` on PATH: the real CLI is not installed here, and what matters is how
// verify invokes it and reacts to what it prints and how it exits.
describe("onboard verify --stack and the Pulumi CLI", () => {
  function fakePulumi(script: string): NodeJS.ProcessEnv {
    const dir = mkdtempSync(join(tmpdir(), "fake-pulumi-"));
    const bin = join(dir, "pulumi");
    writeFileSync(bin, `#!/bin/sh\n${script}\n`);
    chmodSync(bin, 0o755);
    return { PATH: dir };
  }

  it("exits 3 with an install hint when the Pulumi CLI is missing", async () => {
    const io = captureIo({ env: { PATH: mkdtempSync(join(tmpdir(), "empty-")) } });
    expect(await main(["verify", "--stack", "dev"], io)).toBe(3);
    expect(io.err()).toMatch(/Pulumi CLI is not installed/);
    expect(io.err()).toMatch(/--outputs/);
  });

  it("exits 3 with `pulumi login` when not logged in", async () => {
    const io = captureIo({
      env: fakePulumi(
        `echo "error: PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions" >&2; exit 255`,
      ),
    });
    expect(await main(["verify", "--stack", "dev"], io)).toBe(3);
    expect(io.err()).toMatch(/pulumi login/);
  });

  it("exits 2 for an unknown stack", async () => {
    const io = captureIo({
      env: fakePulumi(`echo "error: no stack named 'nope' found" >&2; exit 255`),
    });
    expect(await main(["verify", "--stack", "nope"], io)).toBe(2);
    expect(io.err()).toMatch(/--stack nope: error: no stack named 'nope' found/);
    expect(io.err()).toMatch(/pulumi stack ls/);
  });

  it("passes the right arguments to pulumi and validates what it prints", async () => {
    const io = captureIo({ env: fakePulumi(`echo "$@" >&2; echo '{"tenantId":"t","apps":{}}'`) });
    expect(await main(["verify", "--stack", "dev"], io)).toBe(2);
    expect(io.err()).toMatch(/authorityHost/);
  });
});
