# syntax=docker/dockerfile:1.7
# trading-app server image, built for linux/arm64 by deploy.sh (docker buildx). Node 24 LTS.
ARG NODE_IMAGE=node:24-bookworm-slim

# --- build: install from the lockfile, bundle the server, prune to production dependencies
FROM ${NODE_IMAGE} AS build
WORKDIR /src
RUN corepack enable
# Manifests first, so the dependency layer is reused while they do not change.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY packages/domain/package.json packages/domain/
COPY packages/server/package.json packages/server/
COPY packages/web/package.json packages/web/
COPY infra/librarian-standin/package.json infra/librarian-standin/
COPY infra/exchange-standin/package.json infra/exchange-standin/
# Only the server and what it depends on (the web app is built by deploy.sh, served by nginx).
RUN pnpm install --frozen-lockfile --no-optional --filter "@trading-app/server..."
COPY . .
RUN pnpm --filter @trading-app/server build \
  && pnpm --filter @trading-app/server deploy --prod --no-optional --legacy /out \
  && mkdir /app \
  && mv /out/node_modules /app/node_modules \
  && cp -r packages/server/dist /app/dist \
  && cp -r migrations /app/migrations \
  && cp wait-for.sh /app/wait-for.sh

# --- runtime: the bundle, its migrations and native dependencies; no toolchain, no sources
FROM ${NODE_IMAGE}
# The commit deployed (deploy.sh passes it), shown on the operations dashboard.
ARG APP_VERSION=unknown
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build --chown=root:root /app /app
ENV NODE_ENV=production \
  APP_VERSION=${APP_VERSION} \
  HOST=0.0.0.0 \
  PORT=8000 \
  LOG_FORMAT=json \
  MALLOC_ARENA_MAX=2
USER node
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# tini is PID 1: it forwards SIGTERM to node (which shuts down gracefully) and reaps zombies.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--max-old-space-size=192", "--enable-source-maps", "dist/main.mjs"]
