import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Emulator and subprocess tests do real TLS handshakes and key generation; two cores in CI.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    benchmark: { include: ["test/bench/**/*.bench.ts"] },
  },
});
