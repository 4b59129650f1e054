#!/usr/bin/env bash
# pnpm without a global install: corepack's signature check fails on our machines, npx works.
set -euo pipefail
exec npx -y pnpm@12.21.0 "$@"
