/** "Try again in 3 minutes." for a Retry-After in seconds. */
export const tryAgainIn = (seconds: number | undefined): string => {
  if (seconds === undefined) return "Please try again later."
  if (seconds < 60) return `Try again in ${Math.max(1, seconds)} second${seconds === 1 ? "" : "s"}.`
  const minutes = Math.ceil(seconds / 60)
  return `Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`
}
