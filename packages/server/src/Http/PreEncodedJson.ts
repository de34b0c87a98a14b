import { HttpServerResponse } from "@effect/platform"
import type { Schema } from "effect"

/**
 * A JSON answer for a value just decoded from our own database, skipping the Schema encode that
 * would validate every field a second time (a large share of a list's cost). Correct only for
 * Schemas whose encoded form equals the decoded value: strings (ids, canonical decimals,
 * Timestamps, codes), numbers, booleans and null, where encoding changes nothing.
 * test/unit/PreEncodedJson.test.ts holds that for every Schema used here. The text goes to the
 * socket as it is, without a copy into a byte array first.
 */
export const preEncodedJson = <A, I, R>(_schema: Schema.Schema<A, I, R>, value: A) =>
  HttpServerResponse.raw(JSON.stringify(value), { contentType: "application/json" })
