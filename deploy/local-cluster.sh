#!/usr/bin/env bash
# A Maeul cluster on one machine, from the repository's own deployment files:
#   nginx (deploy/nginx/maeul.conf) in front of two app servers (deploy/bin/maeul-web),
#   a PostgreSQL streaming replica of the local primary (pg_basebackup, a second cluster owned
#   by this script), Redis, a Celery worker and beat (deploy/bin/maeul-worker, maeul-beat).
#
#   deploy/local-cluster.sh up        start everything (idempotent: `down` first if half up)
#   deploy/local-cluster.sh down      stop and remove everything `up` started, nothing else
#   deploy/local-cluster.sh status    what is running
#   deploy/local-cluster.sh env       print the cluster's environment (for `set -a; . <(...)`)
#   deploy/local-cluster.sh web PORT  (re)start one app server (the tests kill one mid-burst)
#
# Needs: the primary PostgreSQL on 127.0.0.1:5432 reachable as `postgres` (as on CI and
# development machines), its server binaries (pg_basebackup, pg_ctl), nginx (installed from
# Debian's packages when missing and running as root), redis-server, and ./quickstart.sh test.
# Everything lives under $MAEUL_CLUSTER_DIR (default /tmp/maeul-cluster); the list of what was
# started is kept in $MAEUL_CLUSTER_DIR/started so `down` undoes exactly that.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
DIR=${MAEUL_CLUSTER_DIR:-/tmp/maeul-cluster}
PRIMARY_HOST=127.0.0.1
PRIMARY_PORT=${MAEUL_CLUSTER_PRIMARY_PORT:-5432}
DB=${MAEUL_CLUSTER_DB:-maeul_cluster}
PROXY_PORT=${MAEUL_CLUSTER_PORT:-8180}
WEB_PORTS=(${MAEUL_CLUSTER_WEB_PORTS:-8181 8182})
REPLICA_PORT=${MAEUL_CLUSTER_REPLICA_PORT:-5440}
OWN_REDIS_PORT=${MAEUL_CLUSTER_REDIS_PORT:-6390}
HBA_MARK="# maeul-local-cluster"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)

say() { printf '[cluster] %s\n' "$*"; }
started() { echo "$1" >>"$DIR/started"; }
was_started() { [ -f "$DIR/started" ] && grep -qx "$1" "$DIR/started"; }
psql_primary() { psql -X -q -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres "$@"; }
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
    local seconds=$1 what=$2
    shift 2
    for _ in $(seq $((seconds * 5))); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 0.2
    done
    say "timed out waiting for $what"
    return 1
}

write_env() {
    local redis_url=$1
    umask 077
    cat >"$DIR/maeul.env" <<ENV
MAEUL_SECRET_KEY=$(head -c 32 /dev/urandom | base64 | tr -d '\n/+=')
MAEUL_IDENTITY_HASH_KEY=$(head -c 32 /dev/urandom | base64 | tr -d '\n/+=')
MAEUL_VOTING_KEY=$(head -c 32 /dev/urandom | base64 | tr -d '\n/+=')
MAEUL_DATABASE_URL=postgres://postgres@$PRIMARY_HOST:$PRIMARY_PORT/$DB?conn_max_age=60
MAEUL_DATABASE_REPLICA_URLS=postgres://postgres@127.0.0.1:$REPLICA_PORT/$DB?conn_max_age=60
MAEUL_REDIS_URL=$redis_url/5
MAEUL_BROKER_URL=$redis_url/6
MAEUL_ALLOWED_HOSTS=127.0.0.1,localhost
MAEUL_BEHIND_PROXY=1
MAEUL_HTTPS=0
MAEUL_VAR_DIR=$DIR/var
MAEUL_MEDIA_ROOT=$DIR/var/media
MAEUL_IDENTITY_ADAPTERS=demo
MAEUL_WEB_WORKERS=2
MAEUL_WEB_THREADS=4
MAEUL_WORKER_CONCURRENCY=2
MAEUL_LOG_LEVEL=WARNING
MAEUL_HOME=$REPO
ENV
    umask 022
}

load_env() { # the cluster's settings only: nothing leaks in from the caller (a test run's
    # MAEUL_TESTING would switch the servers to the test password hasher)
    local name
    for name in $(env | sed -n 's/^\(MAEUL_[A-Z0-9_]*\)=.*/\1/p'); do unset "$name"; done
    set -a
    . "$DIR/maeul.env"
    set +a
}

start_daemon() { # start_daemon NAME COMMAND... : in its own session, pid in $DIR/NAME.pid
    local name=$1
    shift
    setsid "$@" >>"$DIR/log/$name.log" 2>&1 </dev/null &
    echo $! >"$DIR/$name.pid"
}

stop_daemon() { # stop_daemon NAME [SIGNAL]: the whole process group, then wait
    local name=$1 signal=${2:-TERM} pid
    [ -f "$DIR/$name.pid" ] || return 0
    pid=$(cat "$DIR/$name.pid")
    kill "-$signal" -- "-$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    rm -f "$DIR/$name.pid"
}

start_web() {
    local port=$1
    stop_daemon "web-$port" KILL
    (load_env; start_daemon "web-$port" "$REPO/deploy/bin/maeul-web" "$port")
    wait_for 60 "app server on $port" curl -fsS "http://127.0.0.1:$port/livez"
}

allow_replication() {
    if psql -X -q "host=$PRIMARY_HOST port=$PRIMARY_PORT user=postgres replication=true" \
        -c "IDENTIFY_SYSTEM" >/dev/null 2>&1; then
        return 0
    fi
    local hba
    hba=$(psql_primary -Atc "SHOW hba_file")
    say "allowing local replication connections in $hba (removed again by down)"
    echo "host replication postgres 127.0.0.1/32 trust $HBA_MARK" >>"$hba"
    psql_primary -Atc "SELECT pg_reload_conf()" >/dev/null
    started hba
    wait_for 10 "replication to be allowed" psql -X -q \
        "host=$PRIMARY_HOST port=$PRIMARY_PORT user=postgres replication=true" -c "IDENTIFY_SYSTEM"
}

start_replica() {
    local data="$DIR/replica"
    mkdir -p "$data" "$DIR/pgsocket"
    chmod 700 "$data"
    touch "$DIR/log/replica.log"
    if [ "$(id -u)" = 0 ]; then
        chown postgres:postgres "$data" "$DIR/pgsocket" "$DIR/log/replica.log"
    fi
    say "base backup of the primary into $data"
    as_postgres "$PGBIN/pg_basebackup" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres \
        -D "$data" -R -X stream -c fast
    # Debian keeps the configuration outside the data directory: the replica gets its own.
    as_postgres sh -c "cat > '$data/postgresql.conf'" <<CONF
port = $REPLICA_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR/pgsocket'
hot_standby = on
hot_standby_feedback = on
max_connections = 100
shared_buffers = 64MB
CONF
    as_postgres sh -c "printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' > '$data/pg_hba.conf'; : > '$data/pg_ident.conf'"
    as_postgres "$PGBIN/pg_ctl" -D "$data" -l "$DIR/log/replica.log" -w start >/dev/null
    started replica
    wait_for 60 "the replica to accept connections" \
        psql -X -q -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -d "$DB" -c "SELECT 1"
    wait_for 60 "the replica to stream" sh -c \
        "psql -X -Atq -h $PRIMARY_HOST -p $PRIMARY_PORT -U postgres -c \"SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'\" | grep -qv '^0$'"
}

start_redis() { # prints the Redis URL to use
    if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
        echo "redis://127.0.0.1:6379"
        return
    fi
    redis-server --port "$OWN_REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
        --daemonize yes --pidfile "$DIR/redis.pid" --logfile "$DIR/log/redis.log" >/dev/null
    started redis
    wait_for 10 "Redis" redis-cli -p "$OWN_REDIS_PORT" ping
    echo "redis://127.0.0.1:$OWN_REDIS_PORT"
}

start_nginx() {
    if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
        if [ "$(id -u)" = 0 ]; then
            say "installing nginx from Debian's packages"
            (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null) \
                || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
        else
            say "nginx is missing (apt-get install nginx)"
            exit 1
        fi
    fi
    local nginx_bin
    nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
    mkdir -p "$DIR/nginx/temp"
    local upstreams=""
    for port in "${WEB_PORTS[@]}"; do
        upstreams="$upstreams server 127.0.0.1:$port max_fails=1 fail_timeout=5s;"
    done
    sed -e "s|@LISTEN@|127.0.0.1:$PROXY_PORT|" -e "s|@SERVER_NAME@|localhost|" \
        -e "s|@UPSTREAMS@|$upstreams|" -e "s|@STATIC_ROOT@|$DIR/var/static|" \
        "$REPO/deploy/nginx/maeul.conf" >"$DIR/nginx/site.conf"
    cat >"$DIR/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $DIR/nginx/nginx.pid;
error_log $DIR/log/nginx-error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    access_log $DIR/log/nginx-access.log;
    client_body_temp_path $DIR/nginx/temp/body;
    proxy_temp_path $DIR/nginx/temp/proxy;
    fastcgi_temp_path $DIR/nginx/temp/fastcgi;
    uwsgi_temp_path $DIR/nginx/temp/uwsgi;
    scgi_temp_path $DIR/nginx/temp/scgi;
    include $DIR/nginx/site.conf;
}
CONF
    "$nginx_bin" -t -q -c "$DIR/nginx/nginx.conf" -p "$DIR/nginx"
    "$nginx_bin" -c "$DIR/nginx/nginx.conf" -p "$DIR/nginx"
    started nginx
}

up() {
    if [ -f "$DIR/started" ]; then
        say "a cluster is (half) up in $DIR: taking it down first"
        down
    fi
    mkdir -p "$DIR/log" "$DIR/var/media"
    chmod 755 "$DIR"
    : >"$DIR/started"
    "$REPO/quickstart.sh" test --version >"$DIR/log/quickstart.log" 2>&1 \
        || { cat "$DIR/log/quickstart.log"; exit 1; }
    allow_replication
    psql_primary -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
    psql_primary -c "CREATE DATABASE $DB" >/dev/null
    started database
    local redis_url
    redis_url=$(start_redis)
    write_env "$redis_url"
    say "migrating $DB on the primary"
    (load_env; cd "$REPO" && .venv/bin/maeul migrate -v 0 && .venv/bin/maeul collectstatic --noinput -v 0)
    chmod -R a+rX "$DIR/var/static"
    start_replica
    for port in "${WEB_PORTS[@]}"; do
        start_web "$port"
        started "web-$port"
    done
    (load_env; start_daemon worker "$REPO/deploy/bin/maeul-worker")
    started worker
    (load_env; start_daemon beat "$REPO/deploy/bin/maeul-beat")
    started beat
    start_nginx
    wait_for 30 "nginx" curl -fsS "http://127.0.0.1:$PROXY_PORT/healthz"
    say "up: http://127.0.0.1:$PROXY_PORT (app servers ${WEB_PORTS[*]}, replica :$REPLICA_PORT)"
}

down() {
    [ -f "$DIR/started" ] || { say "nothing to take down in $DIR"; return 0; }
    if was_started nginx && [ -f "$DIR/nginx/nginx.pid" ]; then
        kill -QUIT "$(cat "$DIR/nginx/nginx.pid")" 2>/dev/null || true
    fi
    stop_daemon beat
    stop_daemon worker
    for port in "${WEB_PORTS[@]}"; do stop_daemon "web-$port"; done
    if was_started replica; then
        as_postgres "$PGBIN/pg_ctl" -D "$DIR/replica" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    if was_started database; then
        psql_primary -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null || true
    fi
    if was_started redis && [ -f "$DIR/redis.pid" ]; then
        kill "$(cat "$DIR/redis.pid")" 2>/dev/null || true
    elif [ -f "$DIR/maeul.env" ]; then
        local url
        url=$(sed -n 's|^MAEUL_REDIS_URL=redis://\([^/]*\)/.*|\1|p' "$DIR/maeul.env")
        for n in 5 6; do redis-cli -h "${url%%:*}" -p "${url##*:}" -n "$n" FLUSHDB >/dev/null 2>&1 || true; done
    fi
    if was_started hba; then
        local hba
        hba=$(psql_primary -Atc "SHOW hba_file")
        sed -i "/$HBA_MARK\$/d" "$hba"
        psql_primary -Atc "SELECT pg_reload_conf()" >/dev/null
    fi
    rm -rf "$DIR"
    say "down"
}

status() {
    [ -f "$DIR/started" ] || { say "not up"; return 0; }
    for name in "${WEB_PORTS[@]/#/web-}" worker beat; do
        if [ -f "$DIR/$name.pid" ] && kill -0 "$(cat "$DIR/$name.pid")" 2>/dev/null; then
            say "$name running (pid $(cat "$DIR/$name.pid"))"
        else
            say "$name not running"
        fi
    done
    curl -fsS "http://127.0.0.1:$PROXY_PORT/healthz" && echo
}

case "${1:-}" in
    up) up ;;
    down) down ;;
    status) status ;;
    env) cat "$DIR/maeul.env" ;;
    web) start_web "${2:?port}" ;;
    *) echo "usage: $0 up|down|status|env|web PORT" >&2; exit 2 ;;
esac
