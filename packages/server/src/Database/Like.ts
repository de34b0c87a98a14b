/** A LIKE pattern matching text that contains `q` literally (`%`, `_` and `\` escaped). */
export const containsPattern = (q: string) => `%${escapeLike(q)}%`

/** `q` with LIKE's wildcards and escape character taken literally. */
export const escapeLike = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`)
