import type { CommandFactory } from "../command";
import { UsageError } from "../errors";

// Placeholder until the rehearse issue lands; replaced by the real command module.
export const rehearseCommand: CommandFactory = () => ({
  command: "rehearse",
  describe: "(not built yet)",
  handler: () => {
    throw new UsageError("`onboard rehearse` is not built yet");
  },
});
