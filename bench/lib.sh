# Shared by the page benchmarks (bench/sales.sh, bench/billing.sh): building, a fresh
# database per backend, the server signed in as a contact, wrk with CPU accounting, and the
# same-query baseline (bench-baseline-queries). Source it after setting ROOT, TARGET_DIR, BIN,
# PG_ADMIN, PG_DB, DURATION, THREADS, CONNECTIONS, TIMEOUT, OUT_DIR, HOST, CONTACT_EMAIL and
# PASSWORD; then call bench_init NAME BINARIES...
log() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

# bench_init name binaries...: wrk is there, the release binaries are built (unless
# BENCH_SKIP_BUILD=1 or BENCH_BIN_DIR) and present; WORK is a temporary folder removed on exit
# with the processes listed in PIDS.
bench_init() {
    local name=$1 b
    shift
    command -v wrk >/dev/null || die "wrk is missing (apt-get install wrk)"
    if [[ "${BENCH_SKIP_BUILD:-0}" != 1 && -z "${BENCH_BIN_DIR:-}" ]]; then
        log "building release (CARGO_TARGET_DIR=$TARGET_DIR)"
        (cd "$ROOT" && CARGO_TARGET_DIR="$TARGET_DIR" cargo build --release -p guichet -p guichet-bench)
    fi
    for b in "$@"; do
        [[ -x "$BIN/$b" ]] || die "missing $BIN/$b (build first)"
    done
    WORK=$(mktemp -d "/tmp/guichet-bench-$name.XXXXXX")
    mkdir -p "$OUT_DIR"
    PIDS=()
    trap cleanup EXIT
}
cleanup() {
    for p in "${PIDS[@]:-}"; do [[ -n "$p" ]] && kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
wait_answer() { # url pid
    local i
    for i in $(seq 1 3000); do
        kill -0 "$2" 2>/dev/null || return 1
        [[ "$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)" != 000 ]] && return 0
        sleep 0.01
    done
    return 1
}
to_ms() {
    awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000;
        printf "%.2f", n }'
}
cpu_ticks() { # pids...: user + system clock ticks, summed
    local p t=0
    for p in "$@"; do
        t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
    done
    echo "$t"
}
# PostgreSQL server processes serving the benchmark database (none on SQLite).
db_pids() {
    [[ "$backend" == postgres ]] || return 0
    psql -At "$PG_ADMIN" -c "SELECT pid FROM pg_stat_activity WHERE datname = '$PG_DB'"
}
ROWS=()
# load label url pid: wrk with the session cookie; appends
# "label|rps|p50|p99|non2xx|server µs/req|database µs/req" to ROWS (CPU time of the serving
# process, and of PostgreSQL's backends for the benchmark database, over the measured run).
load() {
    local out="$OUT_DIR/$1.wrk" pid=$3 dbp=() cpu0 cpu1 db0 db1
    wrk -t"$THREADS" -c"$CONNECTIONS" -d2s --timeout "$TIMEOUT" -H "Cookie: $COOKIE" "$2" >/dev/null
    mapfile -t dbp < <(db_pids)
    cpu0=$(cpu_ticks "$pid")
    db0=$(cpu_ticks "${dbp[@]}")
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout "$TIMEOUT" --latency -H "Cookie: $COOKIE" "$2" >"$out"
    cpu1=$(cpu_ticks "$pid")
    # Backends opened during the run count whole (they did nothing before it).
    mapfile -t dbp < <(db_pids)
    db1=$(cpu_ticks "${dbp[@]}")
    local rps p50 p99 bad requests clk server db
    rps=$(awk '/^Requests\/sec:/{printf "%.0f", $2}' "$out")
    p50=$(to_ms "$(awk '$1=="50%"{print $2}' "$out")")
    p99=$(to_ms "$(awk '$1=="99%"{print $2}' "$out")")
    bad=$(awk '/Non-2xx or 3xx responses:/{print $NF}' "$out")
    # Socket errors (timeouts included) count as failed answers too.
    bad=$(( ${bad:-0} + $(awk '/Socket errors:/{gsub(",", ""); n = $4 + $6 + $8 + $10} END {print n + 0}' "$out") ))
    requests=$(awk '/requests in/{print $1}' "$out")
    clk=$(getconf CLK_TCK)
    server=$(awk -v a="$cpu0" -v b="$cpu1" -v c="$clk" -v r="${requests:-0}" \
        'BEGIN { if (r > 0) printf "%.0f", (b - a) * 1e6 / c / r; else print 0 }')
    db=$(awk -v a="$db0" -v b="$db1" -v c="$clk" -v r="${requests:-0}" \
        'BEGIN { if (r > 0) printf "%.0f", (b - a) * 1e6 / c / r; else print 0 }')
    printf '%s: %s req/s, p50 %s ms, p99 %s ms, non-2xx %s, CPU %s + %s µs/req\n' \
        "$1" "$rps" "$p50" "$p99" "${bad:-0}" "$server" "$db" >&2
    ROWS+=("$1|$rps|$p50|$p99|${bad:-0}|$server|$db")
}

# check_page name url file: the page answers 200; its size is printed.
check_page() {
    local status
    status=$(curl -s -o "$3" -w '%{http_code}' -H "Cookie: $COOKIE" "$2")
    [[ "$status" == 200 ]] || die "$1 answered $status"
    wc -c <"$3"
}
# baseline label path bytes: bench-baseline-queries padded to the real page's size, measured.
baseline() {
    local qport q status
    qport=$(free_port)
    "$BIN/bench-baseline-queries" --listen "$HOST:$qport" --database-url "$DB_URL" --host "$HOST" \
        --bytes "$3" --max-connections 8 2>/dev/null &
    q=$!
    PIDS+=("$q")
    wait_answer "http://$HOST:$qport/" "$q" || die "baseline did not start"
    status=$(curl -s -o "$WORK/baseline.html" -w '%{http_code}' -H "Cookie: $COOKIE" "http://$HOST:$qport$2")
    [[ "$status" == 200 ]] || die "baseline $2 answered $status"
    load "$1" "http://$HOST:$qport$2" "$q"
    kill "$q"; wait "$q" 2>/dev/null || true
}

# fresh_database: an empty database for $backend (sqlite or postgres) at DB_URL.
fresh_database() {
    case "$backend" in
        sqlite)
            rm -rf "$WORK/sqlite" && mkdir -p "$WORK/sqlite"
            DB_URL="sqlite://$WORK/sqlite/guichet.db"
            ;;
        postgres)
            psql -q -v ON_ERROR_STOP=1 "$PG_ADMIN" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" \
                -c "CREATE DATABASE $PG_DB" >/dev/null
            DB_URL="${PG_ADMIN%/*}/$PG_DB"
            ;;
        *) die "unknown backend $backend" ;;
    esac
}

# start_guichet: the release server on DB_URL (SERVER, BASE), CONTACT_EMAIL signed in (COOKIE).
start_guichet() {
    export GUICHET_DATABASE_URL="$DB_URL" GUICHET_METRICS_LISTEN="" GUICHET_WORKERS=false \
        GUICHET_LOG_LEVEL=warn GUICHET_MAX_CONNECTIONS=8 GUICHET_DATA_DIR="$WORK/data"
    local port jar csrf session
    port=$(free_port)
    BASE="http://$HOST:$port"
    (cd "$WORK" && exec "$BIN/guichet" serve --listen "$HOST:$port") &
    SERVER=$!
    PIDS+=("$SERVER")
    wait_answer "$BASE/readyz" "$SERVER" || die "guichet did not start"
    jar="$WORK/cookies"
    rm -f "$jar"
    csrf=$(curl -sf -c "$jar" -b "$jar" "$BASE/sign-in" |
        grep -o 'name="_csrf" value="[0-9a-f]*"' | head -1 | sed 's/.*value="\([0-9a-f]*\)"/\1/')
    curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "_csrf=$csrf" \
        --data-urlencode "email=$CONTACT_EMAIL" --data-urlencode "password=$PASSWORD" "$BASE/sign-in"
    session=$(awk '$6=="guichet_session"{print $7}' "$jar")
    [[ -n "$session" ]] || die "sign-in failed"
    COOKIE="guichet_session=$session"
}
