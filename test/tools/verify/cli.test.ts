import { describe, expect, it, vi, beforeEach } from "vitest";
import { captureIo } from "../../support/capture";
import { main } from "../../../tools/cli";

// The argv -> options table is tested against the real yargs definition; the verification
// itself is replaced here only to capture what the command would run with.
const runVerify = vi.hoisted(() => vi.fn(async (..._args: unknown[]) => 0));
vi.mock("../../../tools/verify/command", () => ({ runVerify }));

const defaults = {
  app: [],
  certificate: [],
  federatedToken: [],
  expectRole: [],
  wait: 120,
  expiryWarningDays: 30,
  allowExtraRoles: false,
  concurrency: 16,
  json: false,
  showClaims: false,
  cloud: "public",
};

describe("onboard verify flags", () => {
  beforeEach(() => runVerify.mockClear());

  it.each([
    [["verify", "--stack", "dev"], { stack: "dev" }],
    [["verify", "--outputs", "-", "--json"], { outputs: "-", json: true }],
    [
      ["verify", "--outputs", "o.json", "--app", "a", "--app", "b", "--wait", "5"],
      { outputs: "o.json", app: ["a", "b"], wait: 5 },
    ],
    [
      ["verify", "--stack", "dev", "--certificate", "x=./x.pem", "--federated-token", "y=./t"],
      { stack: "dev", certificate: ["x=./x.pem"], federatedToken: ["y=./t"] },
    ],
    [
      [
        "verify",
        "--scope",
        "api://o/.default",
        "--expect-role",
        "R1",
        "--expect-role",
        "R2",
        "--cloud",
        "china",
      ],
      { scope: "api://o/.default", expectRole: ["R1", "R2"], cloud: "china" },
    ],
    [
      [
        "verify",
        "--stack",
        "dev",
        "--allow-extra-roles",
        "--expiry-warning-days",
        "7",
        "--junit",
        "r.xml",
        "--show-claims",
        "--concurrency",
        "4",
      ],
      {
        stack: "dev",
        allowExtraRoles: true,
        expiryWarningDays: 7,
        junit: "r.xml",
        showClaims: true,
        concurrency: 4,
      },
    ],
    [
      [
        "verify",
        "--tenant-id",
        "t",
        "--client-id",
        "c",
        "--client-certificate-path",
        "p",
        "--federated-token-file",
        "f",
        "--authority-host",
        "https://h",
      ],
      {
        tenantId: "t",
        clientId: "c",
        clientCertificatePath: "p",
        federatedTokenFile: "f",
        authorityHost: "https://h",
      },
    ],
  ])("%j", async (argv, expected) => {
    const io = captureIo();
    expect(await main(argv, io)).toBe(0);
    expect(runVerify).toHaveBeenCalledTimes(1);
    expect(runVerify.mock.calls[0][0]).toEqual({ ...defaults, ...expected });
  });

  it.each([
    [["verify", "--wait", "-1"], /--wait must be/],
    [["verify", "--cloud", "mars"], /Invalid values:[\s\S]*cloud/],
    [["verify", "--bogus"], /Unknown argument: bogus/],
    [["verify", "--wait"], /Not enough arguments following: wait/],
    [["verify", "--outputs"], /Not enough arguments following: outputs/],
  ])("rejects %j with exit 2", async (argv, message) => {
    const io = captureIo();
    expect(await main(argv, io)).toBe(2);
    expect(io.err()).toMatch(message);
    expect(io.err()).not.toMatch(/\n\s+at /); // no stack trace for user errors
    expect(runVerify).not.toHaveBeenCalled();
  });
});
