#!/usr/bin/env bash
# Deploys trading-app on the shared VM (ARM64): pull, build the image, migrate, build the web app,
# recreate the container, wait for it to be healthy, then publish the web app; or roll back to the
# previous image (the published web app unchanged) if it is not. `--dry-run` prints every step
# without doing it.
#
# Settings (environment): IMAGE (trading-app), WEB_ROOT (/var/www/trading-app),
# HEALTH_TIMEOUT seconds (120), BRANCH (main).
set -euo pipefail

DRY_RUN=0
case "${1:-}" in
  --dry-run) DRY_RUN=1 ;;
  "") ;;
  *)
    echo "usage: deploy.sh [--dry-run]" >&2
    exit 2
    ;;
esac

APP_DIR=$(cd "$(dirname "$0")" && pwd)
IMAGE=${IMAGE:-trading-app}
WEB_ROOT=${WEB_ROOT:-/var/www/trading-app}
HEALTH_TIMEOUT=${HEALTH_TIMEOUT:-120}
BRANCH=${BRANCH:-main}
CONTAINER=trading_app

step() { printf '\n==> %s\n' "$*"; }
# Runs a command, or only shows it in a dry run.
run() {
  printf '    $ %s\n' "$*"
  if [ "$DRY_RUN" -eq 0 ]; then "$@"; fi
}

cd "$APP_DIR"
[ "$DRY_RUN" -eq 1 ] && echo "Dry run: nothing is changed."

step "Pull the latest code of $BRANCH"
run git pull --ff-only origin "$BRANCH"
TAG=$(git rev-parse --short HEAD)
NEW_IMAGE="$IMAGE:$TAG"

step "Remember the image running now, to roll back to"
PREVIOUS_IMAGE=""
if [ "$DRY_RUN" -eq 0 ]; then
  PREVIOUS_IMAGE=$(docker inspect --format '{{.Config.Image}}' "$CONTAINER" 2>/dev/null || true)
fi
echo "    previous image: ${PREVIOUS_IMAGE:-none}"

step "Build the linux/arm64 image $NEW_IMAGE"
run docker buildx build --platform linux/arm64 --load --build-arg APP_VERSION="$TAG" \
  --tag "$NEW_IMAGE" --tag "$IMAGE:latest" .

step "Run the migrations (through PgBouncer's session-pooled entry)"
run env TRADING_APP_IMAGE="$NEW_IMAGE" docker compose --profile migrate run --rm migrate

step "Build the web app"
run pnpm install --frozen-lockfile
run pnpm --filter @trading-app/web build

step "Recreate the app and worker containers with $NEW_IMAGE"
run env TRADING_APP_IMAGE="$NEW_IMAGE" docker compose up -d --no-deps trading_app worker

# The static files go live only with an API that serves them: after the health check. Old
# hashed assets stay, so pages already open keep loading their chunks; index.html goes last.
publish_web_app() {
  step "Publish the web app to $WEB_ROOT (hashed assets first, index.html last)"
  run rsync -a --exclude index.html --exclude index.html.gz --exclude .vite packages/web/dist/ "$WEB_ROOT/"
  run rsync -a packages/web/dist/index.html packages/web/dist/index.html.gz "$WEB_ROOT/"
}

step "Wait up to ${HEALTH_TIMEOUT}s for it to be healthy"
if [ "$DRY_RUN" -eq 1 ]; then
  echo "    (dry run: would poll docker inspect --format '{{.State.Health.Status}}' $CONTAINER)"
  publish_web_app
  exit 0
fi
deadline=$(($(date +%s) + HEALTH_TIMEOUT))
status=""
while [ "$(date +%s)" -lt "$deadline" ]; do
  status=$(docker inspect --format '{{.State.Health.Status}}' "$CONTAINER" 2>/dev/null || echo missing)
  if [ "$status" = "healthy" ]; then
    echo "    healthy: $NEW_IMAGE is live"
    publish_web_app
    exit 0
  fi
  if [ "$status" = "unhealthy" ]; then break; fi
  sleep 3
done

echo "    not healthy (last status: ${status:-none})" >&2
if [ -z "$PREVIOUS_IMAGE" ]; then
  echo "No previous image to roll back to; see: docker logs $CONTAINER" >&2
  exit 1
fi
step "Roll back to $PREVIOUS_IMAGE"
TRADING_APP_IMAGE="$PREVIOUS_IMAGE" docker compose up -d --no-deps trading_app worker
echo "Rolled back. See why the new image failed: docker logs $CONTAINER" >&2
exit 1
