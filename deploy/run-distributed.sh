#!/usr/bin/env bash
# The distributed topology without Docker: the same processes and environment variables as docker-compose.yml, on
# loopback. PostgreSQL and Redis (installed from Debian's packages if missing) keep their data under
# data/distributed/; identity :8081, catalogue :8082, two gateways :8080 and :8083, demo sources :8090.
# Ctrl-C stops everything. Follow the README walkthrough against either gateway.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
state="$root/data/distributed"
mkdir -p "$state/logs"
pids=()

as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_bin() {
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v pg_ctl)")"; return; fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

stop_all() {
  trap - EXIT INT TERM
  echo "stopping…"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -f "$state/redis.pid" ] && kill "$(cat "$state/redis.pid")" 2>/dev/null || true
  [ -f "$state/postgres/postmaster.pid" ] && as_postgres "$(pg_bin)/pg_ctl" -D "$state/postgres" -m fast -w stop >/dev/null || true
}
trap stop_all EXIT INT TERM

missing=()
[ -n "$(pg_bin)" ] || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  [ -e /etc/postgresql-common/createcluster.conf ] || { $sudo mkdir -p /etc/postgresql-common; echo "create_main_cluster = false" | $sudo tee /etc/postgresql-common/createcluster.conf >/dev/null; }
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { sleep 5; $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
fi

# PostgreSQL: one cluster, one database "interchange" for every store (catalogue, identity, workflow, audit).
PG_PORT=${PG_PORT:-55432}
if [ ! -d "$state/postgres" ]; then
  mkdir -p "$state/postgres"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$state/postgres"; fi
  head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$state/postgres.password"
  chmod 600 "$state/postgres.password"
  pwfile=$(mktemp)
  cp "$state/postgres.password" "$pwfile"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$pwfile"; fi
  as_postgres "$(pg_bin)/initdb" -D "$state/postgres" -U interchange --pwfile="$pwfile" -E UTF8 \
    --auth-local=trust --auth-host=scram-sha-256 >"$state/logs/initdb.log"
  rm -f "$pwfile"
fi
as_postgres "$(pg_bin)/pg_ctl" -D "$state/postgres" -l "$state/postgres/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k /tmp" start >/dev/null
POSTGRES_PASSWORD=$(cat "$state/postgres.password")

REDIS_PORT=${REDIS_PORT:-56379}
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --daemonize yes \
  --pidfile "$state/redis.pid" --logfile "$state/logs/redis.log"

# Real keys, made once; the services never generate them outside development.
KEYS_OWNER="$(id -u):$(id -g)" deploy/make-keys.sh "$state/keys" >/dev/null

echo "building…"
dotnet build Interchange.sln -c Release -nologo -v q >/dev/null

# The environment every service shares (the same names as docker-compose.yml).
export ASPNETCORE_ENVIRONMENT=Development   # the demo scenario: demo clients and plain HTTP on loopback
export Storage__Provider=Postgres
export ConnectionStrings__Interchange="Host=127.0.0.1;Port=$PG_PORT;Database=interchange;Username=interchange;Password=$POSTGRES_PASSWORD;Timeout=5;Command Timeout=15"
export Redis__Configuration="127.0.0.1:$REDIS_PORT"
export Interchange__Tokens__Issuer=http://localhost:8080/
export Interchange__Tokens__JwksUrl=http://127.0.0.1:8081/.well-known/jwks
export Logging__Format=${Logging__Format:-json}

start() { # name, project, extra environment assignments…
  local name=$1 project=$2; shift 2
  env "$@" dotnet run -c Release --no-build --project "$project" >"$state/logs/$name.log" 2>&1 &
  pids+=($!)
}
wait_ready() { # name, url
  for _ in $(seq 120); do curl -fsS "$2" >/dev/null 2>&1 && { echo "  $1 ready ($2)"; return 0; }; sleep 0.5; done
  echo "  $1 did not become ready; see $state/logs/$1.log"; exit 1
}

start sources samples/Interchange.Samples ASPNETCORE_URLS=http://127.0.0.1:8090
wait_ready sources http://127.0.0.1:8090/health
start identity identity/Interchange.Identity ASPNETCORE_URLS=http://127.0.0.1:8081 \
  Identity__Issuer=http://localhost:8080/ Identity__KeysDirectory="$state/keys" Identity__DemoSeedFile="$root/samples/seed/demo-scenario.json"
wait_ready identity http://127.0.0.1:8081/health/ready
start catalog catalog/Interchange.Catalog ASPNETCORE_URLS=http://127.0.0.1:8082 \
  Catalog__SubjectKeyPath="$state/keys/subject.key" Catalog__ListsDirectory="$root/policies/lists" \
  Catalog__SeedFile="$root/samples/seed/demo-scenario.json" Catalog__SeedSourcesBaseUrl=http://127.0.0.1:8090/ \
  Catalog__GatewayUrl=http://127.0.0.1:8080/
wait_ready catalog http://127.0.0.1:8082/health/ready
for port in 8080 8083; do
  start "gateway-$port" gateway/Interchange.Gateway ASPNETCORE_URLS="http://127.0.0.1:$port" \
    Gateway__IdentityUrl=http://127.0.0.1:8081/ Gateway__CatalogUrl=http://127.0.0.1:8082/ \
    Gateway__ListsDirectory="$root/policies/lists" Gateway__PseudonymKeyPath="$state/keys/pseudonym.key" \
    Gateway__CheckpointKeyPath="$state/keys/checkpoint.key" Gateway__SubjectKeyPath="$state/keys/subject.key" \
    Gateway__CheckpointOrigin=localhost:8080/audit Gateway__Instances=2 Gateway__AllowLoopbackSources=true
done
wait_ready gateway-8080 http://127.0.0.1:8080/health/ready
wait_ready gateway-8083 http://127.0.0.1:8083/health/ready

cat <<MSG

The distributed interchange is running (logs in $state/logs):
  gateways  http://localhost:8080  http://localhost:8083   (put any HTTP load balancer in front of both)
  identity  http://127.0.0.1:8081   catalogue http://127.0.0.1:8082   sources http://127.0.0.1:8090
  PostgreSQL 127.0.0.1:$PG_PORT (database interchange)   Redis 127.0.0.1:$REDIS_PORT
Press Ctrl+C to stop.
MSG
wait
