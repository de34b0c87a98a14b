import { CURRENCY_CODES } from "@trading-app/domain"

/** Every currency the app knows, as choices of a select. */
export const CURRENCY_OPTIONS = CURRENCY_CODES.map((code) => ({ value: code, label: code }))
