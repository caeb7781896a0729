import type { CommandFactory } from "../command";
import { UsageError } from "../errors";

// Placeholder until the emulator issue lands; replaced by the real command module.
export const emulatorCommand: CommandFactory = () => ({
  command: "emulator",
  describe: "(not built yet)",
  handler: () => {
    throw new UsageError("`onboard emulator` is not built yet");
  },
});
