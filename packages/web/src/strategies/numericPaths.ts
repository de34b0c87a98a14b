/** The paths of every number in a strategy document, as a parameter search names them. */
export const numericPaths = (
  document: unknown,
  prefix = ""
): Array<{ path: string; value: number }> => {
  if (typeof document === "number") return [{ path: prefix, value: document }]
  if (typeof document !== "object" || document === null) return []
  return Object.entries(document).flatMap(([key, value]) =>
    key === "schemaVersion" ? [] : numericPaths(value, prefix === "" ? key : `${prefix}.${key}`)
  )
}
