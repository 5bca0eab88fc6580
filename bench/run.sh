#!/usr/bin/env bash
# Benchmark of the signed-in portal home (GET /portal), on SQLite and PostgreSQL, against two
# baselines measured in the same run:
#   - bench-baseline-static:  a bare axum handler returning a page of the same size;
#   - bench-baseline-queries: the portal home's database work (session + customers) only.
# Also measures start-to-ready on an existing database and idle / peak RSS.
# Writes BENCHMARKS.md at the repository root and prints its tables.
#
# Usage: bench/run.sh
# Environment (all optional):
#   BENCH_BACKENDS="sqlite postgres"   which databases to measure
#   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres   PostgreSQL admin URL (trust auth)
#   BENCH_CUSTOMERS=2000  BENCH_SESSIONS=20000                 generated volumes
#   BENCH_DURATION=15s  BENCH_THREADS=2  BENCH_CONNECTIONS=32   wrk load
#   BENCH_SKIP_BUILD=1                                          reuse the existing release build
#   BENCH_OUT=BENCHMARKS.md                                     where to write the report
#   BENCH_OUT_DIR=bench/out            raw results and wrk outputs of the run
# (The SQLite plan of a person's accounts is checked by a test: crates/guichet-store-sql/src/sqlite.rs.)
#   BENCH_BIN_DIR=…                    measure binaries from elsewhere (implies no build)
# bench/run.sh --render-only [bench/out/results]: rewrite the report from saved results
# (e.g. after editing bench/notes.md, whose text goes under "Notes").
# Needs: cargo, wrk, curl, python3, psql (for PostgreSQL).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TARGET_DIR="$HOME/.cache/guichet-bench-target"
BIN=${BENCH_BIN_DIR:-$TARGET_DIR/release}
BACKENDS=${BENCH_BACKENDS:-"sqlite postgres"}
PG_ADMIN=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
PG_DB=guichet_bench
CUSTOMERS=${BENCH_CUSTOMERS:-2000}
SESSIONS=${BENCH_SESSIONS:-20000}
DURATION=${BENCH_DURATION:-15s}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
OUT=${BENCH_OUT:-$ROOT/BENCHMARKS.md}
OUT_DIR=${BENCH_OUT_DIR:-$ROOT/bench/out}
HOST=127.0.0.1
CONTACT_EMAIL=genevieve.lavoie@boreale.example
CONTACT_NAME="Geneviève Lavoie"
PASSWORD='Demo-Guichet-2026!'

log() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

RENDER_ONLY=
if [[ "${1:-}" == --render-only ]]; then
    RENDER_ONLY=${2:-$OUT_DIR/results}
    [[ -f "$RENDER_ONLY" ]] || die "no results file $RENDER_ONLY"
fi

render() { # results-file report-file
    python3 "$ROOT/bench/render.py" "$1" "$2" "$ROOT/bench/notes.md"
}
if [[ -n "$RENDER_ONLY" ]]; then
    render "$RENDER_ONLY" "$OUT"
    exit 0
fi

for tool in cargo wrk curl python3; do
    command -v "$tool" >/dev/null || die "$tool is required"
done
case " $BACKENDS " in *" postgres "*) command -v psql >/dev/null || die "psql is required" ;; esac

# ---------------------------------------------------------------------------------------------
# Build (release, in its own target dir so it never fights with the default one).
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 && -z "${BENCH_BIN_DIR:-}" ]]; then
    log "building release (CARGO_TARGET_DIR=$TARGET_DIR)"
    (cd "$ROOT" && CARGO_TARGET_DIR="$TARGET_DIR" cargo build --release -p guichet -p guichet-bench)
fi
for b in guichet bench-gen bench-baseline-static bench-baseline-queries; do
    [[ -x "$BIN/$b" ]] || die "missing $BIN/$b (build first)"
done

WORK=$(mktemp -d /tmp/guichet-bench.XXXXXX)
mkdir -p "$OUT_DIR"
rm -f "$OUT_DIR"/*.wrk "$OUT_DIR"/*.plans "$OUT_DIR"/results
RESULTS="$OUT_DIR/results"
: >"$RESULTS"
PIDS=()
cleanup() {
    for p in "${PIDS[@]:-}"; do
        [[ -n "$p" ]] && kill "$p" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

put() { printf '%s=%s\n' "$1" "$2" >>"$RESULTS"; }

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

rss_kib() { awk '/^VmRSS:/{print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
cpu_ticks() { # pids...: user + system clock ticks, summed
    local p t=0
    for p in "$@"; do
        t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
    done
    echo "$t"
}

# PostgreSQL server processes serving the benchmark database (empty on SQLite).
db_pids() {
    [[ "${DB_KIND:-}" == postgres ]] || return 0
    psql -At "$PG_ADMIN" -c "SELECT pid FROM pg_stat_activity WHERE datname = '$PG_DB'"
}

wait_ready() { # url, pid
    local i
    for i in $(seq 1 2000); do
        kill -0 "$2" 2>/dev/null || return 1
        [[ "$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)" == 200 ]] && return 0
        sleep 0.01
    done
    return 1
}

wait_listening() { # url, pid: any HTTP answer
    local i
    for i in $(seq 1 2000); do
        kill -0 "$2" 2>/dev/null || return 1
        [[ "$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)" != 000 ]] && return 0
        sleep 0.01
    done
    return 1
}

stop() { # pid
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

# Spawns `cmd...` with the current environment, polls URL until it answers 200, prints the
# milliseconds from spawn to ready, then stops the process (SIGTERM) and waits for it.
time_to_ready() { # url cmd...
    python3 - "$@" <<'PY'
import http.client, subprocess, sys, time, signal
url, cmd = sys.argv[1], sys.argv[2:]
host, rest = url.split("://", 1)[1].split("/", 1)
h, p = host.split(":")
t0 = time.perf_counter()
proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
ms = None
while time.perf_counter() - t0 < 30:
    if proc.poll() is not None:
        break
    try:
        c = http.client.HTTPConnection(h, int(p), timeout=1)
        c.request("GET", "/" + rest)
        if c.getresponse().status == 200:
            ms = (time.perf_counter() - t0) * 1000
            c.close()
            break
        c.close()
    except OSError:
        pass
    time.sleep(0.001)
proc.send_signal(signal.SIGTERM)
try:
    proc.wait(10)
except subprocess.TimeoutExpired:
    proc.kill()
    proc.wait()
if ms is None:
    sys.exit("not ready within 30 s")
print(f"{ms:.1f}")
PY
}

to_ms() { # wrk duration like 850.00us, 1.23ms, 1.02s, 2.00m
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000;
        printf "%.2f", n }'
}

# Runs wrk against URL with the session cookie while sampling the server's RSS and CPU;
# records <prefix>_{rps,p50,p90,p99,requests,non2xx,errors,peak_rss_kib,cpu_us_per_req}.
load() { # prefix pid url uses-db(0/1)
    local prefix=$1 pid=$2 url=$3 uses_db=$4 out="$OUT_DIR/$1.wrk" samples="$WORK/$1.rss"
    # Short warm-up (connections, pools, caches), not measured.
    wrk -t"$THREADS" -c"$CONNECTIONS" -d2s -H "Cookie: $COOKIE" "$url" >/dev/null
    (while kill -0 "$pid" 2>/dev/null; do rss_kib "$pid"; sleep 0.5; done) >"$samples" &
    local sampler=$!
    local cpu0 cpu1 dbp=() db0 db1
    if [[ "$uses_db" == 1 ]]; then mapfile -t dbp < <(db_pids); fi
    cpu0=$(cpu_ticks "$pid")
    db0=$(cpu_ticks "${dbp[@]}")
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: $COOKIE" "$url" >"$out"
    cpu1=$(cpu_ticks "$pid")
    # Backends opened during the run count whole (they did nothing before it).
    if [[ "$uses_db" == 1 ]]; then mapfile -t dbp < <(db_pids); fi
    db1=$(cpu_ticks "${dbp[@]}")
    put "${prefix}_db_backends" "${#dbp[@]}"
    kill "$sampler" 2>/dev/null || true
    wait "$sampler" 2>/dev/null || true
    cat "$out" >&2
    local rps requests non2xx errors clk
    rps=$(awk '/^Requests\/sec:/{print $2}' "$out")
    requests=$(awk '/requests in/{print $1}' "$out")
    non2xx=$(awk '/Non-2xx or 3xx responses:/{print $NF}' "$out")
    errors=$(awk '/Socket errors:/{gsub(",", ""); print $4 + $6 + $8 + $10}' "$out")
    clk=$(getconf CLK_TCK)
    put "${prefix}_rps" "${rps:-0}"
    put "${prefix}_requests" "${requests:-0}"
    put "${prefix}_non2xx" "${non2xx:-0}"
    put "${prefix}_errors" "${errors:-0}"
    put "${prefix}_p50" "$(to_ms "$(awk '$1=="50%"{print $2}' "$out")")"
    put "${prefix}_p90" "$(to_ms "$(awk '$1=="90%"{print $2}' "$out")")"
    put "${prefix}_p99" "$(to_ms "$(awk '$1=="99%"{print $2}' "$out")")"
    put "${prefix}_peak_rss_kib" "$(sort -n "$samples" | tail -1)"
    put "${prefix}_cpu_us_per_req" "$(awk -v a="$cpu0" -v b="$cpu1" -v c="$clk" -v r="${requests:-0}" \
        'BEGIN { if (r > 0) printf "%.0f", (b - a) * 1e6 / c / r; else print 0 }')"
    put "${prefix}_db_cpu_us_per_req" "$(awk -v a="$db0" -v b="$db1" -v c="$clk" -v r="${requests:-0}" \
        'BEGIN { if (r > 0) printf "%.0f", (b - a) * 1e6 / c / r; else print 0 }')"
}

# ---------------------------------------------------------------------------------------------
put date "$(date -u '+%Y-%m-%d %H:%M UTC')"
put nproc "$(nproc)"
put cpu "$(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo)"
put mem "$(awk '/^MemTotal:/{printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
put kernel "$(uname -r)"
put loadavg_start "$(cut -d' ' -f1-3 /proc/loadavg)"
put rustc "$(rustc --version 2>/dev/null || echo '?')"
put wrk "$(wrk -v 2>&1 | head -1 | awk '{print $1, $2}')"
put commit "$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')$(cd "$ROOT" && git diff --quiet HEAD 2>/dev/null || echo ' (with local changes)')"
put params "customers=$CUSTOMERS sessions=$SESSIONS"
put wrk_args "-t$THREADS -c$CONNECTIONS -d$DURATION"
put backends "$BACKENDS"

for backend in $BACKENDS; do
    log "backend: $backend"
    case "$backend" in
        sqlite)
            mkdir -p "$WORK/sqlite"
            DB_URL="sqlite://$WORK/sqlite/guichet.db"
            DB_KIND=sqlite
            ;;
        postgres)
            psql -q -v ON_ERROR_STOP=1 "$PG_ADMIN" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" \
                -c "CREATE DATABASE $PG_DB" >/dev/null
            DB_URL="${PG_ADMIN%/*}/$PG_DB"
            DB_KIND=postgres
            put pg_version "$(psql -At "$PG_ADMIN" -c 'SHOW server_version')"
            ;;
        *) die "unknown backend $backend" ;;
    esac

    log "$backend: generating data"
    gen_start=$(date +%s.%N)
    "$BIN/bench-gen" --database-url "$DB_URL" --host "$HOST" --customers "$CUSTOMERS" --sessions "$SESSIONS" >&2
    put "${backend}_gen_secs" "$(awk -v a="$gen_start" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')"
    if [[ "$backend" == postgres ]]; then
        # What autovacuum would do shortly after such a bulk load; keeps plans deterministic.
        psql -q "$DB_URL" -c ANALYZE >/dev/null
        put "${backend}_db_size" "$(psql -At "$DB_URL" -c "SELECT pg_size_pretty(pg_database_size(current_database()))")"
    else
        put "${backend}_db_size" "$(du -sh "$WORK/sqlite" | cut -f1)"
    fi

    # guichet serve, as an operator would run it (no metrics listener, no workers).
    export GUICHET_DATABASE_URL="$DB_URL" GUICHET_METRICS_LISTEN="" GUICHET_WORKERS=false \
        GUICHET_LOG_LEVEL=warn GUICHET_MAX_CONNECTIONS=8 GUICHET_DATA_DIR="$WORK/data"
    PORT=$(free_port)
    BASE="http://$HOST:$PORT"

    log "$backend: start to ready (best of 3)"
    starts=()
    for _ in 1 2 3; do
        starts+=("$(cd "$WORK" && time_to_ready "$BASE/readyz" "$BIN/guichet" serve --listen "$HOST:$PORT")")
    done
    printf 'ready after: %s ms\n' "${starts[*]}" >&2
    put "${backend}_ready_all" "${starts[*]}"
    put "${backend}_ready_ms" "$(printf '%s\n' "${starts[@]}" | sort -n | head -1)"

    (cd "$WORK" && exec "$BIN/guichet" serve --listen "$HOST:$PORT") &
    SERVER=$!
    PIDS+=("$SERVER")
    wait_ready "$BASE/readyz" "$SERVER" || die "guichet did not become ready"

    log "$backend: signing in as $CONTACT_EMAIL"
    JAR="$WORK/$backend.cookies"
    rm -f "$JAR"
    csrf=$(curl -sf -c "$JAR" -b "$JAR" "$BASE/sign-in" |
        grep -o 'name="_csrf" value="[0-9a-f]*"' | head -1 | sed 's/.*value="\([0-9a-f]*\)"/\1/' || true)
    [[ -n "$csrf" ]] || die "no _csrf field on /sign-in"
    status=$(curl -s -o /dev/null -w '%{http_code}' -c "$JAR" -b "$JAR" \
        --data-urlencode "_csrf=$csrf" --data-urlencode "email=$CONTACT_EMAIL" \
        --data-urlencode "password=$PASSWORD" "$BASE/sign-in")
    [[ "$status" == 303 || "$status" == 302 ]] || die "sign-in answered $status"
    session=$(awk '$6=="guichet_session"{print $7}' "$JAR")
    csrf_cookie=$(awk '$6=="guichet_csrf"{print $7}' "$JAR")
    [[ -n "$session" ]] || die "no guichet_session cookie after sign-in"
    COOKIE="guichet_session=$session; guichet_csrf=$csrf_cookie"

    page="$WORK/$backend.portal.html"
    status=$(curl -s -o "$page" -w '%{http_code}' -H "Cookie: $COOKIE" "$BASE/portal")
    [[ "$status" == 200 ]] || die "/portal answered $status"
    grep -q "$CONTACT_NAME" "$page" || die "/portal does not mention $CONTACT_NAME: not signed in?"
    BYTES=$(wc -c <"$page")
    put "${backend}_page_bytes" "$BYTES"
    printf '/portal: 200, %s bytes, mentions %s\n' "$BYTES" "$CONTACT_NAME" >&2

    for _ in $(seq 1 20); do curl -s -o /dev/null -H "Cookie: $COOKIE" "$BASE/portal"; done
    sleep 1
    put "${backend}_portal_idle_rss_kib" "$(rss_kib "$SERVER")"

    log "$backend: load on guichet /portal"
    load "${backend}_portal" "$SERVER" "$BASE/portal" 1
    stop "$SERVER"

    log "$backend: load on bench-baseline-static (--bytes $BYTES)"
    SPORT=$(free_port)
    "$BIN/bench-baseline-static" --listen "$HOST:$SPORT" --bytes "$BYTES" 2>/dev/null &
    STATIC=$!
    PIDS+=("$STATIC")
    wait_ready "http://$HOST:$SPORT/" "$STATIC" || die "static baseline did not start"
    [[ "$(curl -s -o /dev/null -w '%{size_download}' "http://$HOST:$SPORT/")" == "$BYTES" ]] ||
        die "static baseline page size differs"
    for _ in $(seq 1 20); do curl -s -o /dev/null "http://$HOST:$SPORT/"; done
    put "${backend}_static_idle_rss_kib" "$(rss_kib "$STATIC")"
    load "${backend}_static" "$STATIC" "http://$HOST:$SPORT/" 0
    stop "$STATIC"

    log "$backend: load on bench-baseline-queries"
    QPORT=$(free_port)
    "$BIN/bench-baseline-queries" --listen "$HOST:$QPORT" --database-url "$DB_URL" --host "$HOST" \
        --bytes "$BYTES" --max-connections 8 2>/dev/null &
    QUERIES=$!
    PIDS+=("$QUERIES")
    wait_listening "http://$HOST:$QPORT/" "$QUERIES" || die "queries baseline did not start"
    status=$(curl -s -o "$WORK/q.html" -w '%{http_code}' -H "Cookie: $COOKIE" "http://$HOST:$QPORT/portal")
    [[ "$status" == 200 ]] || die "queries baseline answered $status"
    grep -q "$CONTACT_NAME" "$WORK/q.html" || die "queries baseline did not find the session"
    for _ in $(seq 1 20); do curl -s -o /dev/null -H "Cookie: $COOKIE" "http://$HOST:$QPORT/portal"; done
    put "${backend}_queries_idle_rss_kib" "$(rss_kib "$QUERIES")"
    load "${backend}_queries" "$QUERIES" "http://$HOST:$QPORT/portal" 1
    stop "$QUERIES"

done
put loadavg_end "$(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------------------------------------
log "writing $OUT"
render "$RESULTS" "$OUT"
printf '\nReport written to %s; raw results in %s\n' "$OUT" "$OUT_DIR" >&2
