import { HttpApi } from "@effect/platform"
import { Api } from "@trading-app/domain"

interface Route {
  readonly group: string
  readonly name: string
  readonly method: string
  readonly template: string
  readonly pattern: RegExp
}

/** The API's endpoints with their path templates ("/api/portfolios/:portfolioId"), from the HttpApi. */
const ROUTES = (() => {
  const routes: Array<Route> = []
  HttpApi.reflect(Api, {
    onGroup: () => {},
    onEndpoint: ({ group, endpoint }) => {
      const template = endpoint.path
      const source = template.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:\w+/g, "[^/]+")
      routes.push({
        group: group.identifier,
        name: endpoint.name,
        method: endpoint.method,
        template,
        pattern: new RegExp(`^${source}$`)
      })
    }
  })
  return routes
})()

const pathOf = (url: string) => url.split("?")[0]!.replace(/\/+$/, "") || "/"

/**
 * The route label of a request: its API path template, or "other" for anything else, so
 * labels stay few whatever paths clients send.
 */
export const routeOf = (url: string): string =>
  ROUTES.find((r) => r.pattern.test(pathOf(url)))?.template ?? "other"

/** Whether a request is for the endpoint `name` of `group`. */
export const isEndpoint = (group: string, name: string) => {
  const route = ROUTES.find((r) => r.group === group && r.name === name)
  if (route === undefined) throw new Error(`The API has no endpoint ${group}.${name}`)
  return (method: string, url: string) => method === route.method && route.pattern.test(pathOf(url))
}
