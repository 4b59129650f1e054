#!/usr/bin/env bash
# Quick start: install, build, migrate, load demo data, then run the API, the worker and the H5 app on
# http://localhost:3000 until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1;32m[start]\033[0m %s\n' "$*"; }

bash scripts/ensure-services.sh

if [[ ! -f .env ]]; then
  say "creating .env from .env.example with a fresh JWT secret"
  secret=$(node -e "process.stdout.write(require('crypto').randomBytes(48).toString('base64url'))")
  sed "s/^JWT_SECRET=.*/JWT_SECRET=${secret}/" .env.example > .env
fi
# Keys for ID numbers at rest, once per .env (an .env from before they existed gets them too).
for key in PII_ENCRYPTION_KEY PII_HMAC_KEY; do
  if ! grep -qE "^${key}=.+" .env; then
    value=$(node -e "process.stdout.write(require('crypto').randomBytes(32).toString('base64'))")
    sed -i "/^${key}=/d" .env
    printf '%s=%s\n' "$key" "$value" >> .env
  fi
done

say "installing dependencies"
bash scripts/pnpm.sh install --frozen-lockfile
say "building contracts, API and the H5 app"
bash scripts/pnpm.sh --filter @smartunion/contracts run build
bash scripts/pnpm.sh --filter @smartunion/api run build
bash scripts/pnpm.sh --filter @smartunion/miniapp run build:h5

say "migrating the database (created if missing) and loading demo data"
(cd apps/api && node dist/src/cli/db.js migrate && node dist/src/cli/seed.js)

pids=()
stop() {
  trap - INT TERM
  say "stopping (API and worker finish what they are doing)"
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
  exit 0
}
trap stop INT TERM

(cd apps/api && exec node dist/src/worker.js) &
pids+=($!)
(cd apps/api && exec node dist/src/main.js) &
pids+=($!)
# Simulated door locks and sensors for every station, so 扫码开门 and occupancy work in the demo.
db_url=$(grep -E '^DATABASE_URL=' .env | cut -d= -f2-)
stations=$(psql "$db_url" -Atc "SELECT string_agg(id::text, ',' ORDER BY id) FROM stations" 2>/dev/null || true)
if [[ -n "$stations" ]]; then
  node scripts/device-simulator.mjs --stations "$stations" --heartbeat 30 >/dev/null &
  pids+=($!)
fi

port=$(grep -E '^PORT=' .env | cut -d= -f2); port=${port:-3000}
say "SmartUnion is starting on http://localhost:${port} — H5 app at /, API under /api, docs at /api/docs. Ctrl-C stops it."
# If either process dies, stop the other too.
wait -n "${pids[@]}" || true
stop
