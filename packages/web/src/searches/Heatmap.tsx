import { Text } from "@mantine/core"
import type { SearchResult } from "@trading-app/domain"

const WIDTH = 56
const HEIGHT = 30

/** Red for the worst, green for the best of the shown figures; grey where there is none. */
const colour = (value: number | null, low: number, high: number) => {
  if (value === null) return "var(--mantine-color-gray-7)"
  const t = high === low ? 0.5 : (value - low) / (high - low)
  return `hsl(${Math.round(120 * t)} 60% 26%)`
}

/**
 * The objective of every set of a two-parameter search: the first parameter across, the
 * second down, one cell per set, its figure written in it.
 */
export const Heatmap = ({
  results,
  names,
  figure,
  label
}: {
  readonly results: ReadonlyArray<SearchResult>
  readonly names: readonly [string, string]
  readonly figure: (result: SearchResult) => number | null
  readonly label: string
}) => {
  const xs = [...new Set(results.map((r) => r.values[0] as number))].sort((a, b) => a - b)
  const ys = [...new Set(results.map((r) => r.values[1] as number))].sort((a, b) => a - b)
  const values = results.map(figure).filter((v): v is number => v !== null)
  const low = Math.min(...values)
  const high = Math.max(...values)
  const at = new Map(results.map((r) => [`${r.values[0]}|${r.values[1]}`, figure(r)]))
  const left = 64
  const top = 24
  return (
    <figure style={{ margin: 0, overflowX: "auto" }} aria-label={label}>
      <Text size="sm" fw={600} mb={4}>
        {label}
      </Text>
      <svg
        width={left + xs.length * WIDTH}
        height={top + ys.length * HEIGHT}
        role="img"
        aria-label={`${label}: ${names[0]} across, ${names[1]} down`}
        style={{ fontSize: 11, fontFamily: "var(--mantine-font-family)" }}
      >
        {xs.map((x, i) => (
          <text
            key={`x${x}`}
            x={left + i * WIDTH + WIDTH / 2}
            y={16}
            textAnchor="middle"
            fill="currentColor"
          >
            {x}
          </text>
        ))}
        {ys.map((y, j) => (
          <text
            key={`y${y}`}
            x={left - 6}
            y={top + j * HEIGHT + HEIGHT / 2 + 4}
            textAnchor="end"
            fill="currentColor"
          >
            {y}
          </text>
        ))}
        {ys.flatMap((y, j) =>
          xs.map((x, i) => {
            const value = at.get(`${x}|${y}`) ?? null
            return (
              <g key={`${x}|${y}`}>
                <rect
                  x={left + i * WIDTH + 1}
                  y={top + j * HEIGHT + 1}
                  width={WIDTH - 2}
                  height={HEIGHT - 2}
                  fill={colour(value, low, high)}
                >
                  <title>{`${names[0]} ${x}, ${names[1]} ${y}: ${value === null ? "no figure" : value.toFixed(2)}`}</title>
                </rect>
                <text
                  x={left + i * WIDTH + WIDTH / 2}
                  y={top + j * HEIGHT + HEIGHT / 2 + 4}
                  textAnchor="middle"
                  fill="#fff"
                >
                  {value === null ? "—" : value.toFixed(2)}
                </text>
              </g>
            )
          })
        )}
      </svg>
      {/* Below the grid as text, so it wraps on a narrow screen instead of being cut. */}
      <Text component="figcaption" size="xs" mt={4}>
        {names[0]} across · {names[1]} down
      </Text>
    </figure>
  )
}
