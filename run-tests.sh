#!/usr/bin/env bash
# Runs every test of the interchange and prints "N passed, N failed" as its last line.
# The servers tests need are installed if missing (Debian packages), started on loopback on free ports for this run
# only, and stopped and deleted on exit, also on failure or Ctrl-C:
#   PostgreSQL -> INTERCHANGE_TEST_POSTGRES (an Npgsql connection string of a role that may CREATE DATABASE)
#   Redis      -> INTERCHANGE_TEST_REDIS (host:port)
# INTERCHANGE_TEST_REQUIRE_SERVERS=1 makes a test that needs a missing server fail instead of skip; a server that
# cannot be installed or started is reported here and counted as a failure.
set -uo pipefail
cd "$(dirname "$0")"

log=$(mktemp)
pg_dir=""
pg_ctl_bin=""
redis_dir=""
redis_pid=""
server_failures=0

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

cleanup() {
  if [ -n "$pg_dir" ] && [ -f "$pg_dir/data/postmaster.pid" ]; then
    as_postgres "$pg_ctl_bin" -D "$pg_dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1
  fi
  if [ -n "$redis_pid" ] && kill -0 "$redis_pid" 2>/dev/null; then
    kill "$redis_pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$redis_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$redis_pid" 2>/dev/null
  fi
  [ -n "$pg_dir" ] && rm -rf "$pg_dir"
  [ -n "$redis_dir" ] && rm -rf "$redis_dir"
  rm -f "$log"
}
trap cleanup EXIT
trap 'echo "run-tests: interrupted"; exit 130' INT
trap 'exit 143' TERM

# A TCP port on 127.0.0.1 that nothing listens on (the server is then started on it at once).
free_port() {
  local port
  for _ in $(seq 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

postgres_bin() {
  local dir
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return 0
  fi
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && echo "$dir"
}

# Installs Debian packages, retrying once (mirrors fail now and then).
install_packages() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
      echo "run-tests: cannot install $* (not root, and no password-less sudo)"
      return 1
    fi
  fi
  # No "main" cluster of the package's own: the tests start a throwaway one.
  if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
    $sudo mkdir -p /etc/postgresql-common
    echo "create_main_cluster = false" | $sudo tee /etc/postgresql-common/createcluster.conf >/dev/null
  fi
  for attempt in 1 2; do
    if $sudo apt-get update -qq >/dev/null 2>&1 \
      && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1; then
      return 0
    fi
    [ "$attempt" -eq 1 ] && echo "run-tests: installing $* failed; retrying once" && sleep 5
  done
  return 1
}

ensure_servers_installed() {
  local missing=()
  postgres_bin >/dev/null || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  [ "${#missing[@]}" -eq 0 ] && return 0
  local started=$SECONDS
  echo "run-tests: installing ${missing[*]}"
  if install_packages "${missing[@]}"; then
    echo "run-tests: installed ${missing[*]} in $((SECONDS - started))s"
  else
    echo "run-tests: FAILED to install ${missing[*]} (apt-get install -y ${missing[*]})"
  fi
}

start_postgres() {
  local bin port password started=$SECONDS
  if ! bin=$(postgres_bin); then
    echo "run-tests: FAILED to start PostgreSQL: initdb/pg_ctl not found (apt-get install -y postgresql)"
    return 1
  fi
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    echo "run-tests: FAILED to start PostgreSQL: running as root and there is no 'postgres' user to run it as"
    return 1
  fi
  pg_ctl_bin="$bin/pg_ctl"
  pg_dir=$(mktemp -d /tmp/interchange-postgres.XXXXXX)
  [ "$(id -u)" -eq 0 ] && chown postgres: "$pg_dir"
  password=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  printf '%s\n' "$password" >"$pg_dir/password"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$pg_dir/password"
  # An ICU (en-US) default collation where available, as on a production server: the stores must not depend on "C".
  if ! as_postgres "$bin/initdb" -D "$pg_dir/data" -U interchange --pwfile="$pg_dir/password" -E UTF8 \
        --locale=C.UTF-8 --locale-provider=icu --icu-locale=en-US --auth-local=trust --auth-host=scram-sha-256 --no-sync \
        >"$pg_dir/initdb.log" 2>&1 \
     && ! { rm -rf "$pg_dir/data"; as_postgres "$bin/initdb" -D "$pg_dir/data" -U interchange --pwfile="$pg_dir/password" -E UTF8 \
        --no-locale --auth-local=trust --auth-host=scram-sha-256 --no-sync >>"$pg_dir/initdb.log" 2>&1; }; then
    echo "run-tests: FAILED to start PostgreSQL: initdb failed:"
    tail -n 5 "$pg_dir/initdb.log"
    return 1
  fi
  for _ in 1 2 3; do
    port=$(free_port) || break
    if as_postgres "$bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $pg_dir -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null 2>&1; then
      export INTERCHANGE_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=interchange;Password=$password;Database=postgres"
      echo "run-tests: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (started in $((SECONDS - started))s)"
      return 0
    fi
  done
  echo "run-tests: FAILED to start PostgreSQL:"
  tail -n 5 "$pg_dir/server.log" 2>/dev/null
  return 1
}

start_redis() {
  local port started=$SECONDS
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "run-tests: FAILED to start Redis: redis-server not found (apt-get install -y redis-server)"
    return 1
  fi
  redis_dir=$(mktemp -d /tmp/interchange-redis.XXXXXX)
  for _ in 1 2 3; do
    port=$(free_port) || break
    redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$redis_dir" \
      --logfile "$redis_dir/redis.log" --daemonize yes --pidfile "$redis_dir/redis.pid" >/dev/null 2>&1
    for _ in $(seq 50); do
      if [ -s "$redis_dir/redis.pid" ] && { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
        printf 'PING\r\n' >&3
        local reply=""
        read -r -t 2 reply <&3
        exec 3<&- 3>&-
        if [ "${reply%$'\r'}" = "+PONG" ]; then
          redis_pid=$(cat "$redis_dir/redis.pid")
          export INTERCHANGE_TEST_REDIS="127.0.0.1:$port"
          echo "run-tests: Redis $(redis-server --version | grep -Eo 'v=[0-9.]+' | cut -c3-) on 127.0.0.1:$port (started in $((SECONDS - started))s)"
          return 0
        fi
      fi
      sleep 0.1
    done
    [ -s "$redis_dir/redis.pid" ] && kill "$(cat "$redis_dir/redis.pid")" 2>/dev/null
    rm -f "$redis_dir/redis.pid"
  done
  echo "run-tests: FAILED to start Redis:"
  tail -n 5 "$redis_dir/redis.log" 2>/dev/null
  return 1
}

if ! dotnet build Interchange.sln -c Release -warnaserror -nologo -v q 2>&1 | tee "$log" | tail -n 3; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi
if grep -q " error " "$log"; then
  echo "0 passed, 1 failed"
  exit 1
fi

export INTERCHANGE_TEST_REQUIRE_SERVERS=1
ensure_servers_installed
start_postgres || server_failures=$((server_failures + 1))
start_redis || server_failures=$((server_failures + 1))

dotnet test Interchange.sln -c Release --no-build --nologo -v q --logger "console;verbosity=minimal" -- RunConfiguration.TreatNoTestsAsError=false 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The runner failed without reporting a failed test (crash, aborted host): count it.
  failed=1
fi
if [ "$server_failures" -gt 0 ]; then
  echo "run-tests: $server_failures test server(s) could not be started (see above); counted as failed"
  failed=$((failed + server_failures))
  [ "$status" -eq 0 ] && status=1
fi
echo "$passed passed, $failed failed"
exit "$status"
