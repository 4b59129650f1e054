#!/usr/bin/env bash
# Every check and every test: lint, types, formatting, the three mini-program builds, then jest (unit,
# integration against the real PostgreSQL and Redis, and the H5 app driven in headless Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1;36m[test]\033[0m %s\n' "$*"; }
started=$(date +%s)

bash scripts/ensure-services.sh --test-tools

say "installing dependencies"
bash scripts/pnpm.sh install --frozen-lockfile
bash scripts/pnpm.sh --filter @smartunion/contracts run build

say "lint, types, formatting"
npx --no-install eslint --max-warnings=0 .
npx --no-install tsc -p libs/contracts/tsconfig.json --noEmit
npx --no-install tsc -p apps/api/tsconfig.json --noEmit
npx --no-install tsc -p apps/miniapp/tsconfig.json --noEmit
npx --no-install tsc -p apps/miniapp/test/tsconfig.json --noEmit
npx --no-install prettier --check . --log-level warn

say "API build"
bash scripts/pnpm.sh --filter @smartunion/api run build

say "mini-program builds: weapp, alipay, h5"
for target in weapp alipay h5; do
  bash scripts/pnpm.sh --filter @smartunion/miniapp run "build:${target}" >"/tmp/smartunion-build-${target}.log" 2>&1 \
    || { tail -50 "/tmp/smartunion-build-${target}.log"; exit 1; }
  say "  ${target} ok"
done
say "mini-program package sizes (main ≤ 1.5 MB, each subpackage ≤ 2 MB)"
node scripts/check-package-sizes.mjs weapp alipay

say "docker/compose.yml validates"
if docker compose version >/dev/null 2>&1; then
  JWT_SECRET=validate-only PII_ENCRYPTION_KEY=k PII_HMAC_KEY=k docker compose -f docker/compose.yml config --quiet
else
  JWT_SECRET=validate-only PII_ENCRYPTION_KEY=k PII_HMAC_KEY=k docker-compose -f docker/compose.yml config --quiet
fi

say "jest"
npx --no-install jest --ci "$@"
say "all green in $(( $(date +%s) - started ))s"
