import { readdirSync, readFileSync, statSync } from "node:fs"
import { extname, join, relative, sep } from "node:path"
import {
  HttpApiBuilder,
  HttpServerError,
  HttpServerRequest,
  HttpServerResponse
} from "@effect/platform"
import { Effect, Layer, Option } from "effect"
import { AppConfig } from "../AppConfig.js"

/**
 * The Content-Security-Policy of the web app: scripts only from this origin (no inline scripts, no
 * eval); inline styles allowed for the component library's CSS variables. nginx.conf sends the
 * same policy in production (a deployment test compares them).
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2"
}

interface Asset {
  readonly body: Uint8Array
  readonly gzipped: Uint8Array | undefined
  readonly contentType: string
  readonly cacheControl: string
}

const filesUnder = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })

/**
 * The built app, read once into memory (it is small): only files that exist at start are served,
 * so no request path ever reaches the file system. Hashed assets are cached for a year; every
 * other file, index.html above all, is revalidated on each visit.
 */
const loadAssets = (root: string): ReadonlyMap<string, Asset> => {
  const assets = new Map<string, Asset>()
  const files = filesUnder(root).filter(
    (f) => !f.endsWith(".gz") && !f.includes(`${sep}.vite${sep}`)
  )
  for (const file of files) {
    const urlPath = `/${relative(root, file).split(sep).join("/")}`
    let gzipped: Uint8Array | undefined
    try {
      gzipped = readFileSync(`${file}.gz`)
    } catch {
      gzipped = undefined
    }
    assets.set(urlPath, {
      body: readFileSync(file),
      gzipped,
      contentType: TYPES[extname(file)] ?? "application/octet-stream",
      cacheControl: urlPath.startsWith("/assets/")
        ? "public, max-age=31536000, immutable"
        : "no-cache"
    })
  }
  return assets
}

const securityHeaders = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin"
}

const respond = (asset: Asset, acceptsGzip: boolean) =>
  HttpServerResponse.uint8Array(acceptsGzip && asset.gzipped ? asset.gzipped : asset.body, {
    contentType: asset.contentType,
    headers: {
      ...securityHeaders,
      "cache-control": asset.cacheControl,
      vary: "accept-encoding",
      ...(acceptsGzip && asset.gzipped ? { "content-encoding": "gzip" } : {})
    }
  })

const serveFrom = (assets: ReadonlyMap<string, Asset>) => {
  const index = assets.get("/index.html")
  if (index === undefined) throw new Error("The web app's build has no index.html")
  return Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const path = decodeURIComponent(request.url.split("?")[0] ?? "/")
    // Unknown API paths stay JSON 404s; unknown asset files are 404s, not the app.
    if (path === "/api" || path.startsWith("/api/") || path.startsWith("/assets/")) {
      const asset = path.startsWith("/assets/") ? assets.get(path) : undefined
      if (asset === undefined) return yield* new HttpServerError.RouteNotFound({ request })
    }
    const acceptsGzip = /\bgzip\b/.test(request.headers["accept-encoding"] ?? "")
    // Any other path is a client route: the app's index.html answers it.
    return respond(assets.get(path) ?? index, acceptsGzip)
  })
}

/**
 * Serves the built web app (WEB_ROOT) from the API's origin, as `pnpm start` does; in production
 * nginx serves it and WEB_ROOT is unset.
 */
export const WebAppLive = Layer.unwrapEffect(
  Effect.map(AppConfig, (config) =>
    Option.match(config.webRoot, {
      onNone: () => Layer.empty,
      onSome: (root) => {
        const app = serveFrom(loadAssets(root))
        return HttpApiBuilder.Router.use((router) =>
          Effect.all([router.get("*", app), router.head("*", app)])
        )
      }
    })
  )
)
