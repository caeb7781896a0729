import type { CommandFactory } from "../command";
import { UsageError } from "../errors";

// Placeholder until the verify issue lands; replaced by the real command module.
export const verifyCommand: CommandFactory = () => ({
  command: "verify",
  describe: "(not built yet)",
  handler: () => {
    throw new UsageError("`onboard verify` is not built yet");
  },
});
