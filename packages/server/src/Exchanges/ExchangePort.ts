/** What checking an exchange account found, in words for its owner. */
export interface CheckOutcome {
  readonly ok: boolean
  readonly message: string
}

/** An exchange account's API key and secret, opened from their sealed form only to be used. */
export interface Credentials {
  readonly apiKey: string
  readonly apiSecret: string
}
