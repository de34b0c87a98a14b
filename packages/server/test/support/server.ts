import { afterAll, beforeAll } from "vitest"
import { makeClient, randomClientIp } from "./client.js"
import type { Call } from "./session.js"
import { startTestServer, type TestServer } from "./TestServer.js"

/**
 * One real server for the test file, started before its tests and closed after them, with a
 * client that acts as one address of its own.
 */
export const useTestServer = () => {
  let server: TestServer | undefined
  let client: Call | undefined
  beforeAll(async () => {
    server = await startTestServer()
    client = makeClient(server.baseUrl, randomClientIp())
  })
  afterAll(() => server?.close())
  const call = ((method, path, options) => client!(method, path, options)) as Call
  const ownerQuery: TestServer["ownerQuery"] = (f) => server!.ownerQuery(f)
  return { call, ownerQuery, baseUrl: () => server!.baseUrl }
}
