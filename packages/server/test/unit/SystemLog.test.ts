import { describe, expect, it } from "@effect/vitest"
import { Cause, HashMap, LogLevel } from "effect"
import { toEntry } from "../../src/Logs/SystemLog.js"

const at = new Date("2026-12-02T10:00:00.000Z")
const entry = (
  logLevel: LogLevel.LogLevel,
  annotations: Record<string, unknown>,
  message: unknown = "Something happened",
  cause: Cause.Cause<unknown> = Cause.empty
) =>
  toEntry(
    {
      logLevel,
      message,
      cause,
      annotations: HashMap.fromIterable(Object.entries(annotations)),
      date: at
    },
    "replica-1"
  )

describe("the system log's entries", () => {
  it.each([
    ["info is not kept", LogLevel.Info, {}, undefined],
    [
      "a warning outside a request is the system's",
      LogLevel.Warning,
      {},
      { level: "warning", category: "system" }
    ],
    [
      "an error in a request is the API's",
      LogLevel.Error,
      { requestId: "r-1" },
      { level: "error", category: "api", request_id: "r-1" }
    ],
    [
      "a category annotation wins",
      LogLevel.Warning,
      { requestId: "r-2", category: "security" },
      { category: "security", request_id: "r-2" }
    ],
    [
      "an unknown category falls back",
      LogLevel.Fatal,
      { category: "gossip" },
      { level: "fatal", category: "system" }
    ],
    [
      "the system log's own complaints are left out",
      LogLevel.Error,
      { systemLogSkip: true },
      undefined
    ]
  ])("%s", (_, level, annotations, expected) => {
    const result = entry(level, annotations)
    if (expected === undefined) expect(result).toBeUndefined()
    else expect(result).toMatchObject({ replica: "replica-1", created_at: at, ...expected })
  })

  it("keeps the other annotations, the user and the cause as details; messages are bounded", () => {
    const result = entry(
      LogLevel.Error,
      { requestId: "r-3", userId: "u-1", queue: "imports" },
      ["Import failed", { rows: 3 }],
      Cause.fail(new Error("boom"))
    )!
    expect(result.message).toBe('Import failed {"rows":3}')
    expect(result.user_id).toBe("u-1")
    const details = JSON.parse(result.details)
    expect(details.queue).toBe("imports")
    expect(details.cause).toContain("boom")
    expect(details).not.toHaveProperty("requestId")
    expect(entry(LogLevel.Warning, {}, "x".repeat(5000))!.message).toHaveLength(2000)
  })
})
