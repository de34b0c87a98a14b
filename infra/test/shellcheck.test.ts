import { execFileSync } from "node:child_process"
import { describe, expect, it } from "vitest"
import { REPO_ROOT, run } from "./run.js"

const scripts = execFileSync("git", ["ls-files", "*.sh", ".ci/run"], {
  cwd: REPO_ROOT,
  encoding: "utf8"
})
  .split("\n")
  .filter((f) => f !== "")

describe("shell scripts", () => {
  it("pass shellcheck", async () => {
    expect(scripts).toEqual(expect.arrayContaining(["wait-for.sh", ".ci/run"]))
    const res = await run("shellcheck", ["--severity=style", ...scripts])
    expect(res.stdout + res.stderr).toBe("")
    expect(res.code).toBe(0)
  })
})
