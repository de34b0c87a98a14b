#!/bin/sh
# Waits until every HOST:PORT accepts TCP connections, then runs the command after "--".
#   wait-for.sh [-t SECONDS] HOST:PORT [HOST:PORT ...] [-- COMMAND [ARGS ...]]
# Exits 1 naming what never came up when SECONDS (default 60) pass, 2 on bad arguments.
set -eu

usage() {
  echo "usage: wait-for.sh [-t SECONDS] HOST:PORT [HOST:PORT ...] [-- COMMAND [ARGS ...]]"
}

timeout=60
targets=""
while [ $# -gt 0 ]; do
  case "$1" in
    -t | --timeout)
      [ $# -ge 2 ] || { usage >&2; exit 2; }
      timeout=$2
      shift 2
      ;;
    --timeout=*)
      timeout=${1#*=}
      shift
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    --)
      shift
      break
      ;;
    *:*)
      targets="$targets $1"
      shift
      ;;
    *)
      echo "wait-for: not HOST:PORT: $1" >&2
      usage >&2
      exit 2
      ;;
  esac
done

case "$timeout" in
  "" | *[!0-9]*)
    echo "wait-for: the timeout must be whole seconds, not: $timeout" >&2
    exit 2
    ;;
esac
if [ -z "$targets" ]; then
  echo "wait-for: name at least one HOST:PORT" >&2
  usage >&2
  exit 2
fi

# nc where there is one; otherwise Node, which every image of this app has.
reachable() {
  if command -v nc >/dev/null 2>&1; then
    nc -z -w 2 "$1" "$2" >/dev/null 2>&1
  else
    node -e '
      const s = require("node:net").connect({ host: process.argv[1], port: Number(process.argv[2]) })
      s.setTimeout(2000, () => process.exit(1))
      s.on("connect", () => process.exit(0)).on("error", () => process.exit(1))
    ' "$1" "$2" >/dev/null 2>&1
  fi
}

start=$(date +%s)
while :; do
  down=""
  for target in $targets; do
    reachable "${target%:*}" "${target##*:}" || down="$down $target"
  done
  if [ -z "$down" ]; then
    echo "wait-for: up:$targets" >&2
    break
  fi
  if [ $(($(date +%s) - start)) -ge "$timeout" ]; then
    echo "wait-for: timed out after ${timeout}s waiting for:$down" >&2
    exit 1
  fi
  sleep 1
done

if [ $# -gt 0 ]; then
  exec "$@"
fi
