/**
 * What the rehearsal cannot map to Graph fails loudly, naming it: unknown resource and component
 * types, unknown invokes, inputs without a mapping; and a request Graph refuses stops the
 * rehearsal with Graph's code. Real emulator throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorMocks } from "../../../tools/rehearse/emulatorMocks";
import { GraphClient } from "../../../tools/rehearse/graphClient";
import { provisionedOutputs } from "../../../tools/rehearse/provisioned";
import { startTestEmulator, type TestEmulator } from "../../support/emulator";

type Json = Record<string, unknown>;

describe("what the rehearsal cannot map fails loudly", () => {
  let emu: TestEmulator;
  let mocks: EmulatorMocks;
  beforeAll(async () => {
    emu = await startTestEmulator();
    mocks = new EmulatorMocks(new GraphClient(emu.http, emu));
  });
  afterAll(() => emu.close());
  const args = (type: string, inputs: Json = {}, custom = true) => ({
    type,
    name: "x",
    inputs,
    custom,
  });

  it("an unknown resource or component type, an unknown invoke, an input with no Graph mapping", async () => {
    await mocks.newResource(args("random:index/randomPassword:RandomPassword"));
    await mocks.newResource(args("acme:index:Thing", {}, false));
    await expect(
      mocks.call({ token: "azuread:index/getUser:getUser", inputs: {} }),
    ).rejects.toThrow(/no emulator mapping for invoke azuread:index\/getUser:getUser/);
    await mocks.newResource(
      args("azuread:index/application:Application", {
        displayName: "x",
        web: { homepageUrl: "h" },
      }),
    );
    expect(mocks.failures.map((f) => [f.what, f.error.message, f.unsupported])).toEqual([
      [
        'random:index/randomPassword:RandomPassword "x"',
        "no emulator mapping for resource type random:index/randomPassword:RandomPassword",
        true,
      ],
      ['acme:index:Thing "x"', "no emulator mapping for component type acme:index:Thing", true],
      [
        "invoke azuread:index/getUser:getUser",
        "no emulator mapping for invoke azuread:index/getUser:getUser",
        true,
      ],
      [
        'azuread:index/application:Application "x"',
        'azuread:index/application:Application "x": input(s) web have no mapping to Graph in the rehearsal',
        false,
      ],
    ]);
    // Nothing was created for the application whose input could not be mapped.
    expect(((await emu.graph("GET", "/applications")).json.value as Json[]).length).toBe(1);
  });

  it("stops the rehearsal naming them (exit 3: a gap in the tool, not in the config)", () => {
    let thrown: unknown;
    try {
      provisionedOutputs(mocks, { ok: false, error: undefined }, "Pulumi.dev.yaml");
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toMatchObject({ exitCode: 3 });
    expect(String((thrown as Error).message)).toMatch(
      /random:index\/randomPassword:RandomPassword "x"/,
    );
  });

  it("dependants of a failed resource are not attempted", async () => {
    const fresh = new EmulatorMocks(new GraphClient(emu.http, emu));
    const failed = await fresh.newResource(args("acme:index/widget:Widget"));
    await fresh.newResource(
      args("azuread:index/servicePrincipal:ServicePrincipal", { clientId: failed.state.clientId }),
    );
    expect(fresh.failures).toHaveLength(1);
    expect(fresh.skipped).toBe(1);
  });

  it("a request Graph refuses is a failure of the rehearsal, exit 1, with Graph's code", async () => {
    const fresh = new EmulatorMocks(new GraphClient(emu.http, emu));
    await fresh.newResource(
      args("azuread:index/servicePrincipal:ServicePrincipal", {
        clientId: "00000000-0000-0000-0000-00000000abcd",
      }),
    );
    expect(() =>
      provisionedOutputs(fresh, { ok: false, error: undefined }, "Pulumi.dev.yaml"),
    ).toThrow(
      /Graph POST \/servicePrincipals answered 400 .*does not reference a valid application/,
    );
    expect(() => provisionedOutputs(fresh, { ok: false, error: undefined }, "x")).toThrowError(
      expect.objectContaining({ exitCode: 1 }),
    );
  });
});
