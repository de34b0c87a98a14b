/** A duration in seconds as people say it: "45 s", "12 min", "3 h", "2 d". */
export const formatAge = (seconds: number | null): string => {
  if (seconds === null) return "—"
  if (seconds < 60) return `${Math.round(seconds)} s`
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h`
  return `${Math.floor(seconds / 86_400)} d`
}

export const formatBytes = (bytes: number | null): string => {
  if (bytes === null) return "—"
  const units = ["B", "KB", "MB", "GB", "TB"]
  let value = bytes
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`
}

/** Market data older than this is worth a look; much older, a problem. */
export const STALE_SECONDS = 15 * 60
export const DEAD_SECONDS = 24 * 3600

export const ageColor = (seconds: number | null): string | undefined =>
  seconds === null || seconds > DEAD_SECONDS
    ? "red"
    : seconds > STALE_SECONDS
      ? "orange"
      : undefined
