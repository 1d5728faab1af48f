import { defineConfig } from "vitest/config";

// Unit tests: pure modules, no browser.
export default defineConfig({
  test: { include: ["src/**/*.test.ts"], environment: "node" },
});
