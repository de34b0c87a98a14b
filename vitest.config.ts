import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    // One file at a time on any machine (vitest's default on two cores): the integration files'
    // servers share one database with its job queues and ticks, so a job one file queues may be
    // run by another file's server, and a global switch one file throws would reach the others.
    maxWorkers: 1,
    minWorkers: 1,
    projects: [
      { test: { name: "domain", root: "packages/domain", include: ["test/**/*.test.ts"] } },
      {
        test: { name: "server-unit", root: "packages/server", include: ["test/unit/**/*.test.ts"] }
      },
      {
        test: {
          name: "web",
          root: "packages/web",
          include: ["test/**/*.test.{ts,tsx}"],
          environment: "jsdom",
          setupFiles: ["test/setup.ts"],
          // Typing into jsdom is slow on a busy two-core machine; no test here measures time.
          testTimeout: 20_000
        }
      },
      {
        test: {
          name: "e2e",
          root: "packages/web",
          include: ["e2e/**/*.e2e.test.ts"],
          globalSetup: ["e2e/globalSetup.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000
        }
      },
      {
        test: { name: "deploy", root: "infra", include: ["test/**/*.test.ts"], testTimeout: 30_000 }
      },
      {
        test: {
          name: "integration",
          root: "packages/server",
          include: ["test/integration/**/*.test.ts"],
          globalSetup: ["test/support/globalSetup.ts"],
          testTimeout: 90_000,
          hookTimeout: 120_000
        }
      }
    ]
  }
})
