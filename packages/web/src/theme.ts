import {
  type CSSVariablesResolver,
  createTheme,
  DEFAULT_THEME,
  darken,
  luminance
} from "@mantine/core"

export const theme = createTheme({
  primaryColor: "blue",
  defaultRadius: "md",
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  fontFamilyMonospace: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
  // Links inside text are told apart by more than their colour.
  components: {
    Anchor: { defaultProps: { underline: "always" } },
    // Dialogs' close buttons are named; the focus starts on a dialog's first field instead
    // (`data-autofocus`), where there is one.
    Modal: { defaultProps: { closeButtonProps: { "aria-label": "Close" } } },
    // Mantine fades the active entry's description, below the contrast small text needs.
    NavLink: { styles: { description: { opacity: 1 } } }
  }
})

/*
 * Mantine's default shades for text, links, light badges and filled buttons fall short of the
 * 4.5:1 contrast that WCAG asks of small text (blue 6 on white is 3.6:1, yellow 9 on its light
 * background 2.7:1). Each colour's text shade becomes the lightest of its own shades (darkened
 * further if none will do) that reaches 4.6:1 on white and on its light tint, where light
 * badges and the active navigation entry put it; on the dark scheme, the darkest of its light
 * shades that reaches 4.6:1 on the dark body and its striped rows.
 */
const MIN_CONTRAST = 4.6
const WHITE = "#ffffff"
const DARK_ROW = "#2e2e2e"

const contrast = (a: string, b: string) => {
  const [x, y] = [luminance(a), luminance(b)]
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05)
}

const readableOn = (backgrounds: ReadonlyArray<string>) => (color: string) =>
  backgrounds.every((background) => contrast(color, background) >= MIN_CONTRAST)

const darkEnough = (shades: ReadonlyArray<string>): string => {
  const readable = readableOn([WHITE, shades[1]!])
  const shade = shades.slice(6).find(readable)
  if (shade !== undefined) return shade
  let color = shades[9]!
  for (let step = 0.05; !readable(color) && step < 1; step += 0.05) color = darken(shades[9]!, step)
  return color
}

const lightEnough = (shades: ReadonlyArray<string>): string =>
  shades
    .slice(0, 5)
    .reverse()
    .find(readableOn([DARK_ROW])) ?? shades[0]!

export const readableColors: CSSVariablesResolver = (t) => {
  const light: Record<string, string> = {
    "--mantine-color-dimmed": "var(--mantine-color-gray-7)",
    // Placeholders are read too: 4.7:1 on white (Mantine's gray 5 is 2.1:1).
    "--mantine-color-placeholder": "#6c757d",
    "--mantine-color-anchor": `var(--mantine-color-${t.primaryColor}-text)`,
    "--mantine-color-error": "var(--mantine-color-red-text)"
  }
  const dark: Record<string, string> = {
    "--mantine-color-dimmed": "var(--mantine-color-dark-1)",
    "--mantine-color-placeholder": "#999999",
    "--mantine-color-anchor": `var(--mantine-color-${t.primaryColor}-text)`,
    "--mantine-color-error": "var(--mantine-color-red-text)"
  }
  for (const name of Object.keys(DEFAULT_THEME.colors)) {
    const shades = t.colors[name]
    if (shades === undefined || name === "dark") continue
    const onLight = darkEnough(shades)
    light[`--mantine-color-${name}-text`] = onLight
    light[`--mantine-color-${name}-light-color`] = onLight
    light[`--mantine-color-${name}-filled`] = onLight
    light[`--mantine-color-${name}-filled-hover`] = darken(onLight, 0.15)
    dark[`--mantine-color-${name}-text`] = lightEnough(shades)
    dark[`--mantine-color-${name}-filled`] = onLight
    dark[`--mantine-color-${name}-filled-hover`] = darken(onLight, 0.15)
  }
  return { variables: {}, light, dark }
}
