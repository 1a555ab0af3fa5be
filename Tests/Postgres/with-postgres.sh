#!/bin/sh
# Runs a command beside a throwaway PostgreSQL (Debian's) on a free loopback port: a cluster in a
# temporary directory (C collation, trust for the local test user), stopped by the postmaster's PID
# and removed afterwards. The command sees SURVEY_TEST_POSTGRES=postgres://survey@127.0.0.1:PORT/postgres.
set -eu
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/postgres" ] || { echo "PostgreSQL is not installed (apt-get install -y postgresql)" >&2; exit 1; }
dir=$(mktemp -d /tmp/survey-pg.XXXXXX)
chmod 755 "$dir"
# PostgreSQL refuses to run as root: the cluster then belongs to Debian's postgres user.
as_owner() { "$@"; }
if [ "$(id -u)" = 0 ]; then
    chown postgres "$dir"
    as_owner() { runuser -u postgres -- "$@"; }
fi
pid=""
stop() {
    if [ -n "$pid" ]; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -rf "$dir"
}
trap stop EXIT
trap 'exit 130' INT TERM
as_owner "$bin/initdb" -D "$dir/data" -U survey --auth=trust --locale=C -E UTF8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 30 \
    -o "-h 127.0.0.1 -p $port -k $dir -c max_connections=400 -c fsync=on" start >/dev/null ||
    { cat "$dir/postgres.log" >&2; exit 1; }
# The postmaster's own PID (pg_ctl has exited): what the cluster is stopped by.
pid=$(head -n 1 "$dir/data/postmaster.pid")
export SURVEY_TEST_POSTGRES="postgres://survey@127.0.0.1:$port/postgres"
status=0
"$@" || status=$?
exit $status
