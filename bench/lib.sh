# Shared by bench/run.sh and bench/receipts.sh (sourced, not run): logging, cleanup on exit, the build, starting
# gateways with their embedded PostgreSQL, psql, and CPU accounting from /proc. Expects ROOT, BENCH, JAR and OUT.

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

to_seconds() { # 30s | 2m | 45 -> seconds
    case $1 in
        *s) echo "${1%s}" ;;
        *m) echo $(( ${1%m} * 60 )) ;;
        *) echo "$1" ;;
    esac
}

need_tools() { # tool... : exits 2 naming the missing ones
    local missing=() tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
    done
    if (( ${#missing[@]} )); then
        echo "bench: missing tools: ${missing[*]} (Debian: apt-get install postgresql-client curl iproute2 maven)" >&2
        exit 2
    fi
}

# ------------------------------------------------------------------------------------------- cleanup
GW_PIDS=()
PG_DATA=""
CHILD_PID=""
SAMPLER_PID=""

postmaster_pid() {
    [[ -n $PG_DATA && -f $PG_DATA/postmaster.pid ]] || return 1
    local pid
    pid=$(head -1 "$PG_DATA/postmaster.pid" 2>/dev/null) || return 1
    [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

wait_gone() { # pid seconds
    local i
    for (( i = 0; i < $2 * 5; i++ )); do
        kill -0 "$1" 2>/dev/null || return 0
        sleep 0.2
    done
    return 1
}

cleanup() {
    local rc=$? pid pm
    trap - EXIT INT TERM
    for pid in $CHILD_PID $SAMPLER_PID; do kill -TERM "$pid" 2>/dev/null || true; done
    # The second instance first: the first one owns the embedded PostgreSQL.
    for (( i = ${#GW_PIDS[@]} - 1; i >= 0; i-- )); do
        pid=${GW_PIDS[$i]}
        if kill -0 "$pid" 2>/dev/null; then
            log "stopping gateway pid $pid"
            kill -TERM "$pid" 2>/dev/null || true
            wait_gone "$pid" 40 || { kill -KILL "$pid" 2>/dev/null || true; wait_gone "$pid" 5 || true; }
        fi
    done
    if pm=$(postmaster_pid); then
        log "stopping the embedded PostgreSQL (pid $pm)"
        kill -INT "$pm" 2>/dev/null || true
        wait_gone "$pm" 30 || { kill -QUIT "$pm" 2>/dev/null || true; wait_gone "$pm" 5 || true; }
    fi
    if [[ -n $PG_DATA && -d $OUT/data && ${KEEP_DATA:-0} != 1 ]] && ! postmaster_pid >/dev/null; then
        rm -rf "$OUT/data"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ------------------------------------------------------------------------------------------- build
CLASSPATH_FILE=$ROOT/target/bench-classpath.txt
build_if_missing() { # then DRIVER_CP is the load driver's class path
    if [[ ${JAR} != "$ROOT/target/shouli.jar" && ! -f $JAR ]]; then die "no jar $JAR"; fi
    if [[ ! -f $JAR || ! -f $CLASSPATH_FILE || ! -f $ROOT/target/test-classes/dev/shouli/bench/LoadDriver.class ]]; then
        log "building the gateway jar and the load driver (mvn -q -B package -DskipTests)"
        (cd "$ROOT" && mvn -q -B package -DskipTests &&
            mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CLASSPATH_FILE") \
            >"$OUT/build.log" 2>&1 || die "build failed: see $OUT/build.log"
    fi
    DRIVER_CP="$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$CLASSPATH_FILE")"
}
driver() { java -Xms256m -XX:TieredStopAtLevel=1 -cp "$DRIVER_CP" dev.shouli.bench.LoadDriver "$@"; }

# -------------------------------------------------------------------------------------- the gateway
free_port() {
    local p i
    for (( i = 0; i < 100; i++ )); do
        p=$(( 20000 + RANDOM % 12000 ))
        [[ $p == 8080 ]] && continue
        if ! ss -Htln "sport = :$p" 2>/dev/null | grep -q .; then echo "$p"; return 0; fi
    done
    return 1
}

start_gateway() { # n env... -> URL on stdout
    local n=$1 port pid i url
    shift
    port=$(free_port) || die "no free port"
    # The load generator is one address standing for many people: no per-client rate limits, and no cap on the
    # connections of one address (an open loop holds hundreds while the gateway pauses; past the cap of 256 they
    # were closed at once, and counted as errors of the gateway).
    # shellcheck disable=SC2086 # GATEWAY_JAVA_OPTS is a list of options
    env "$@" SHOULI_HTTP_HOST=127.0.0.1 SHOULI_HTTP_PORT="$port" SHOULI_HTTP_ANONYMOUS_PER_CLIENT_PER_MINUTE=0 \
        SHOULI_HTTP_REFUSED_PER_CLIENT_PER_MINUTE=0 SHOULI_HTTP_MAX_CONNECTIONS_PER_CLIENT=0 \
        java ${GATEWAY_JAVA_OPTS:-} -jar "$JAR" \
        >"$OUT/gateway-$n.log" 2>&1 &
    pid=$!
    GW_PIDS+=("$pid")
    url=http://127.0.0.1:$port
    for (( i = 0; i < 600; i++ )); do
        kill -0 "$pid" 2>/dev/null || die "gateway $n exited during start-up: see $OUT/gateway-$n.log"
        curl -fsS -o /dev/null "$url/health/ready" 2>/dev/null && break
        sleep 0.2
    done
    curl -fsS -o /dev/null "$url/health/ready" || die "gateway $n is not ready: see $OUT/gateway-$n.log"
    log "gateway $n ready on $url (pid $pid)"
    URL_OF[$n]=$url
}

declare -A URL_OF

start_with_database() { # env... -> gateway 1 on a fresh embedded PostgreSQL (or SHOULI_DATABASE_URL); sets PGURL
    if [[ -z ${GIVEN_DB:-} ]]; then
        PG_DATA=$OUT/data/postgres
        start_gateway 1 "$@" SHOULI_DATA_DIR="$OUT/data" SHOULI_DATABASE_URL= SHOULI_DATABASE_EMBEDDED_PORT=0
        PG_PORT=$(sed -n 's/.*embedded PostgreSQL running on port \([0-9][0-9]*\).*/\1/p' "$OUT/gateway-1.log" | head -1)
        [[ -n $PG_PORT ]] || die "cannot find the embedded PostgreSQL port in $OUT/gateway-1.log"
        # The embedded cluster's superuser password is kept beside its data (docs/operations.md); a build from
        # before it had one (JAR=…) leaves the library's default.
        PGURL="postgresql://postgres:$(cat "$PG_DATA/shouli-superuser.password" 2>/dev/null || echo postgres)@127.0.0.1:$PG_PORT/postgres"
    else
        PGURL=$GIVEN_DB
        start_gateway 1 "$@" SHOULI_DATA_DIR="$OUT/data"
    fi
}

describe_database() { # -> $OUT/postgres.txt and PG_VERSION
    export PGCONNECT_TIMEOUT=10
    q -c "select version()" >"$OUT/postgres.txt"
    q -c "select name || ' = ' || setting || coalesce(' ' || unit, '') from pg_settings
          where name in ('fsync','synchronous_commit','full_page_writes','shared_buffers','max_connections',
                         'max_wal_size','checkpoint_timeout')
          order by name" >>"$OUT/postgres.txt"
    PG_VERSION=$(head -1 "$OUT/postgres.txt" | sed 's/ on .*//')
}
q() { psql "$PGURL" -X -q -v ON_ERROR_STOP=1 -At "$@"; }
# ----------------------------------------------------------------------------------- CPU accounting
# CPU seconds of the gateway JVM(s), of PostgreSQL (embedded: postmaster + backends, exited ones through the
# postmaster's reaped children), of the load generator (this shell's reaped children: the driver, psql,
# pgbench) and of the whole machine; "other" is everything else (other people's work on a shared machine).
TCK=$(getconf CLK_TCK)
proc_ticks() { # pid with_reaped_children
    local f
    f=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
    f=${f##*) }
    # shellcheck disable=SC2086
    set -- $f "$2"
    if [[ ${!#} == 1 ]]; then echo $(( ${12} + ${13} + ${14} + ${15} )); else echo $(( ${12} + ${13} )); fi
}
gateway_ticks() { local t=0 p; for p in $GW_PID_LIST; do t=$(( t + $(proc_ticks "$p" 0) )); done; echo "$t"; }
pg_ticks() {
    local pm t c
    pm=$(postmaster_pid) || { echo 0; return; }
    t=$(proc_ticks "$pm" 1)
    for c in $(ps -o pid= --ppid "$pm" 2>/dev/null); do t=$(( t + $(proc_ticks "$c" 0) )); done
    echo "$t"
}
children_secs() { awk 'NR == 2 { n = split($0, a, /[ \t]+/); s = 0
    for (i = 1; i <= n; i++) if (match(a[i], /^([0-9]+)m([0-9.]+)s$/)) { split(a[i], b, /[ms]/); s += b[1] * 60 + b[2] }
    print s }' "$OUT/.times"; }
SNAP=""
cpu_snapshot() {
    times >"$OUT/.times"
    SNAP="$(awk '/^cpu /{ print $2+$3+$4+$5+$6+$7+$8+$9, $5+$6 }' /proc/stat) $(gateway_ticks) $(pg_ticks) $(children_secs)"
}
cpu_report() { # before after label operations
    awk -v a="$1" -v b="$2" -v tck="$TCK" -v n="$(nproc)" -v l="$3" -v ops="$4" 'BEGIN {
        split(a, x, " "); split(b, y, " ")
        total = (y[1] - x[1]) / tck; idle = (y[2] - x[2]) / tck; busy = total - idle
        gw = (y[3] - x[3]) / tck; pg = (y[4] - x[4]) / tck; lg = y[5] - x[5]
        other = busy - gw - pg - lg; if (other < 0) other = 0; if (total <= 0) total = 1
        wall = total / n
        printf "%s: busy %.0f%%; gateway %.2f cores, PostgreSQL %.2f, load generator %.2f, other %.2f", l,
               100 * busy / total, gw / wall, pg / wall, lg / wall, other / wall
        if (ops > 0) printf "; CPU ms per request: gateway %.2f, PostgreSQL %.2f", 1000 * gw / ops, 1000 * pg / ops
        printf "\n" }'
}

b() { local v; v=$(sed -n "s/^BENCH $2=//p" "$1" | tail -1); echo "${v:-0}"; }

