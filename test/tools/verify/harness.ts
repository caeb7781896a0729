import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../tools/emulator";
import { main } from "../../../tools/cli";
import { captureIo, type CapturedIo } from "../../support/capture";
import { TenantFixture } from "./fixtures";

/**
 * One emulator per test file, `onboard` run in-process trusting its CA the standard way
 * (NODE_EXTRA_CA_CERTS in the command's environment), and a record of everything printed and
 * every secret handed out, for the leak scans.
 */
export interface VerifyHarness {
  readonly emu: RunningEmulator;
  readonly dir: string;
  readonly ios: CapturedIo[];
  readonly fixtures: TenantFixture[];
  fixture(): TenantFixture;
  /** Writes a file in the test's temp folder (mode 600) and returns its path. */
  file(name: string, content: string): string;
  onboard(
    argv: string[],
    opts?: { stdin?: string; env?: NodeJS.ProcessEnv },
  ): Promise<{ code: number; out: string; err: string }>;
}

export function useVerifyHarness(): VerifyHarness {
  let emu: RunningEmulator | undefined;
  let dir = "";
  const ios: CapturedIo[] = [];
  const fixtures: TenantFixture[] = [];
  beforeAll(async () => {
    emu = await startEmulator({ quiet: true });
    dir = mkdtempSync(join(tmpdir(), "verify-test-"));
  });
  afterAll(async () => {
    await emu?.close();
  });
  const h: VerifyHarness = {
    get emu() {
      if (!emu) throw new Error("the emulator starts in beforeAll");
      return emu;
    },
    get dir() {
      return dir;
    },
    ios,
    fixtures,
    fixture() {
      const f = new TenantFixture(h.emu);
      fixtures.push(f);
      return f;
    },
    file(name, content) {
      const p = join(dir, `${Math.random().toString(36).slice(2)}-${name}`);
      writeFileSync(p, content, { mode: 0o600 });
      return p;
    },
    async onboard(argv, opts = {}) {
      const io = captureIo({
        env: { NODE_EXTRA_CA_CERTS: h.emu.caFile, ...opts.env },
        stdin: opts.stdin,
        cwd: dir,
      });
      ios.push(io);
      const code = await main(argv, io);
      return { code, out: io.out(), err: io.err() };
    },
  };
  return h;
}
