#!/usr/bin/env bash
# Makes sure what SmartUnion runs on is installed and up on this machine: PostgreSQL with PostGIS, Redis (with
# the noeviction policy BullMQ needs) and Mosquitto. With --test-tools, also what the tests use: Debian's
# Chromium (and CJK fonts) for browser tests and docker-compose to validate docker/compose.yml.
# Starts a service that is installed but stopped; installs missing Debian packages (needs root or sudo).
set -euo pipefail

want_tools=false
[[ "${1:-}" == "--test-tools" ]] && want_tools=true

say() { printf '\033[1;34m[services]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[services]\033[0m %s\n' "$*" >&2; exit 1; }

SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 && SUDO="sudo" || SUDO="__none__"
fi
as_root() {
  [[ "$SUDO" == "__none__" ]] && die "need root to run: $*"
  $SUDO "$@"
}

apt_updated=false
apt_install() {
  if ! $apt_updated; then
    say "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=true
  fi
  say "installing $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  local port=$1 name=$2
  for _ in $(seq 1 50); do port_open "$port" && return 0; sleep 0.2; done
  die "$name did not come up on port $port"
}

# --- PostgreSQL + PostGIS -------------------------------------------------------------------------------
command -v pg_ctlcluster >/dev/null 2>&1 || die "PostgreSQL is not installed (expected Debian's postgresql-15)"
pg_version=$(ls /etc/postgresql | sort -V | tail -1)
if ! dpkg -s "postgresql-${pg_version}-postgis-3" >/dev/null 2>&1; then
  apt_install "postgresql-${pg_version}-postgis-3"
fi
if ! port_open 5432; then
  say "starting PostgreSQL ${pg_version}"
  as_root pg_ctlcluster --skip-systemctl-redirect "$pg_version" main start
  wait_port 5432 PostgreSQL
fi

# --- Redis --------------------------------------------------------------------------------------------------
if ! port_open 6379; then
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  say "starting Redis"
  as_root mkdir -p /var/lib/redis /var/log/redis
  as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log --maxmemory-policy noeviction
  wait_port 6379 Redis
fi
policy=$(redis-cli -h 127.0.0.1 config get maxmemory-policy | tail -1)
if [[ "$policy" != "noeviction" ]]; then
  say "setting Redis maxmemory-policy noeviction (was $policy): BullMQ must never lose keys"
  redis-cli -h 127.0.0.1 config set maxmemory-policy noeviction >/dev/null
fi

# --- Mosquitto ----------------------------------------------------------------------------------------------
if ! port_open 1883; then
  command -v mosquitto >/dev/null 2>&1 || apt_install mosquitto
  say "starting Mosquitto"
  as_root mosquitto -d -c /etc/mosquitto/mosquitto.conf
  wait_port 1883 Mosquitto
fi

# --- Test tools -----------------------------------------------------------------------------------------------
if $want_tools; then
  missing=()
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  fc-list 2>/dev/null | grep -qi 'noto.*cjk' || missing+=(fonts-noto-cjk)
  docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
  [[ ${#missing[@]} -eq 0 ]] || apt_install "${missing[@]}"
fi

say "PostgreSQL ${pg_version} + PostGIS, Redis and Mosquitto are up$($want_tools && echo '; Chromium and docker-compose present' || true)"
