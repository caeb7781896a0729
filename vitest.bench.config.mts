import { defineConfig } from "vitest/config";

// `npm run bench`: each *.bench.ts measures its subject and a baseline in the same run and
// prints the figures and their ratios. Nothing here asserts on timings; CI does not run it.
export default defineConfig({
  test: {
    include: ["test/bench/**/*.bench.ts"],
    testTimeout: 30 * 60_000,
    hookTimeout: 5 * 60_000,
    pool: "forks",
    fileParallelism: false,
    reporters: ["verbose"],
  },
});
