import { MantineProvider } from "@mantine/core"
import { type RenderResult, render } from "@testing-library/react"
import type { ReactElement } from "react"
import { MemoryRouter, Route, Routes } from "react-router"
import { theme } from "../src/theme.js"

/** Renders a page inside the app's providers at `path`; other routes show their path. */
export const renderAt = (
  path: string,
  routes: ReadonlyArray<[string, ReactElement]>
): RenderResult =>
  render(
    <MantineProvider theme={theme} env="test">
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          {routes.map(([p, element]) => (
            <Route key={p} path={p} element={element} />
          ))}
          <Route path="*" element={<p>Landed elsewhere</p>} />
        </Routes>
      </MemoryRouter>
    </MantineProvider>
  )
