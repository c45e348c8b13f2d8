# A throwaway PostgreSQL cluster for the tests (sourced by scripts/test): Debian's initdb and
# pg_ctl in a temporary directory, on a free port of loopback, trusting local connections.
# start_test_postgres sets SG_TEST_POSTGRES (postgres://postgres@127.0.0.1:PORT); the caller's
# EXIT trap calls stop_test_postgres, which stops it and deletes it.

start_test_postgres() {
  local bin port
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  TEST_POSTGRES_DIR=$(mktemp -d)
  TEST_POSTGRES_AS=()
  # initdb refuses to run as root: as root, the cluster belongs to Debian's postgres user.
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$TEST_POSTGRES_DIR"
    TEST_POSTGRES_AS=(runuser -u postgres --)
  fi
  TEST_POSTGRES_CTL=("${TEST_POSTGRES_AS[@]}" "$bin/pg_ctl" -D "$TEST_POSTGRES_DIR/data")
  "${TEST_POSTGRES_AS[@]}" "$bin/initdb" -D "$TEST_POSTGRES_DIR/data" --auth=trust --username=postgres \
    --encoding=UTF8 --no-locale > "$TEST_POSTGRES_DIR/initdb.log"
  # Durability is not what is tested: no fsync. Every test's console has pools of its own.
  "${TEST_POSTGRES_CTL[@]}" -l "$TEST_POSTGRES_DIR/server.log" -w start \
    -o "-p $port -k $TEST_POSTGRES_DIR -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off" > /dev/null
  export SG_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port"
}

stop_test_postgres() {
  [ -n "${TEST_POSTGRES_DIR:-}" ] || return 0
  "${TEST_POSTGRES_CTL[@]}" -m immediate stop > /dev/null 2>&1 || true
  rm -rf "$TEST_POSTGRES_DIR"
}
