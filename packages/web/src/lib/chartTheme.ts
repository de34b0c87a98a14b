import { ColorType } from "lightweight-charts"

/** The colours of a lightweight-charts chart in the light or dark scheme. */
export const chartTheme = (dark: boolean) => ({
  layout: {
    background: { type: ColorType.Solid, color: "transparent" },
    textColor: dark ? "#c9c9c9" : "#333"
  },
  grid: {
    vertLines: { color: dark ? "#2c2e33" : "#eee" },
    horzLines: { color: dark ? "#2c2e33" : "#eee" }
  }
})
