import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    // Three files at a time, even on two cores: most of them wait on servers, jobs and ticks
    // more than they compute. Each integration worker has a database of its own (a clone made by
    // globalSetup); on TEST_DATABASE_URL's single database the files run one at a time.
    maxWorkers: process.env.TEST_DATABASE_URL ? 1 : 3,
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
          // One browser file at a time, in one process: they share the app globalSetup starts,
          // and page timings would suffer beside each other.
          poolOptions: { forks: { singleFork: true } },
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
