import { beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../../tools/cli";
import { captureIo } from "../../support/capture";

// The argv -> options table runs against the real yargs definition; the rehearsal itself is
// replaced here only to capture what the command would run with and to return an exit code.
const rehearse = vi.hoisted(() =>
  vi.fn(async (..._args: unknown[]) => ({ exitCode: 0, report: {} })),
);
vi.mock("../../../tools/rehearse/rehearse", () => ({ rehearse }));

describe("onboard rehearse flags", () => {
  beforeEach(() => rehearse.mockClear());

  it.each([
    [["rehearse"], { stack: "dev", json: false, wait: 0 }],
    [["rehearse", "--stack", "prod"], { stack: "prod", json: false, wait: 0 }],
    [["rehearse", "--json", "--wait", "5"], { stack: "dev", json: true, wait: 5 }],
  ])("%j", async (argv, expected) => {
    const io = captureIo();
    expect(await main(argv, io)).toBe(0);
    expect(rehearse).toHaveBeenCalledTimes(1);
    expect(rehearse.mock.calls[0][0]).toEqual(expected);
  });

  it("exits with the rehearsal's code", async () => {
    rehearse.mockResolvedValueOnce({ exitCode: 1, report: {} });
    expect(await main(["rehearse"], captureIo())).toBe(1);
  });

  it.each([
    [["rehearse", "--wait", "-1"], /--wait must be a number of seconds >= 0/],
    [["rehearse", "--wait", "soon"], /--wait must be a number of seconds >= 0/],
    [["rehearse", "--stack"], /--stack needs a stack name/],
    [["rehearse", "--wait"], /--wait must be a number of seconds >= 0/],
    [["rehearse", "--bogus"], /Unknown argument: bogus/],
  ])("rejects %j with exit 2 and no stack trace", async (argv, message) => {
    const io = captureIo();
    expect(await main(argv, io)).toBe(2);
    expect(io.err()).toMatch(message);
    expect(io.err()).not.toMatch(/\n\s+at /);
    expect(rehearse).not.toHaveBeenCalled();
  });

  it("--help teaches what it does, what it needs, the exit codes and examples", async () => {
    const io = captureIo();
    expect(await main(["rehearse", "--help"], io)).toBe(0);
    const help = io.out();
    expect(help).toMatch(/onboard rehearse \[--stack <name>\] \[--json\] \[--wait <seconds>\]/);
    expect(help).toMatch(/--stack.*\[default: dev\]/);
    expect(help).toMatch(/--json/);
    expect(help).toMatch(/--wait/);
    expect(help).toMatch(/emulated Entra tenant/);
    expect(help).toMatch(/needs no network, no Pulumi CLI, no Azure tenant/);
    expect(help).toMatch(/Not rehearsed: owners/);
    expect(help).toMatch(/Exit codes, as verify: 0 every app passed; 1 a verification failed/);
    expect(help).toMatch(/onboard rehearse --stack prod --json/);
    expect(rehearse).not.toHaveBeenCalled();
  });
});
