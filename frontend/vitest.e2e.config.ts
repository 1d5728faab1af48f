import { defineConfig } from "vitest/config";

// Browser tests: Debian's Chromium driven by playwright-core against a real `qala serve`
// (see e2e/harness.ts). One file at a time: they share the server.
export default defineConfig({
  test: {
    include: ["e2e/**/*.spec.ts"],
    environment: "node",
    globalSetup: ["e2e/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
