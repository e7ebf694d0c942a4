import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/process/**", "node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: many parallel nats-server processes only add noise and flakiness.
    maxWorkers: 2,
  },
});
