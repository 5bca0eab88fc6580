#!/usr/bin/env bash
# Benchmark of the documents pages, on SQLite and PostgreSQL, at two database sizes:
#   - GET /portal/projects/{id}: a project of 200 documents (the contact's page: its first 50),
#     following the solar installation flow (its progress and current step shown);
#   - GET /portal/documents: the first page of "All my documents" (keyset pagination);
# each against bench-baseline-queries doing the same necessary queries (measured in the same
# run), with 10,000 and then 1,000,000 documents spread over accounts of 10.
# Writes bench/documents-report.md (included in BENCHMARKS.md by bench/run.sh --render-only).
#
# Usage: bench/documents.sh
# Environment (optional): BENCH_BACKENDS="sqlite postgres"  BENCH_SIZES="10000 1000000"
#   BENCH_DURATION=10s  BENCH_THREADS=2  BENCH_CONNECTIONS=32  BENCH_SKIP_BUILD=1
#   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres
# Needs: cargo, wrk, curl, python3, psql (for PostgreSQL).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TARGET_DIR="$HOME/.cache/guichet-bench-target"
BIN=${BENCH_BIN_DIR:-$TARGET_DIR/release}
BACKENDS=${BENCH_BACKENDS:-"sqlite postgres"}
SIZES=${BENCH_SIZES:-"10000 1000000"}
PG_ADMIN=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
PG_DB=guichet_bench_docs
DURATION=${BENCH_DURATION:-10s}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
OUT=${BENCH_OUT:-$ROOT/bench/documents-report.md}
OUT_DIR="$ROOT/bench/out/documents"
HOST=127.0.0.1
CONTACT_EMAIL=genevieve.lavoie@boreale.example
PASSWORD='Demo-Guichet-2026!'

log() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 && -z "${BENCH_BIN_DIR:-}" ]]; then
    log "building release (CARGO_TARGET_DIR=$TARGET_DIR)"
    (cd "$ROOT" && CARGO_TARGET_DIR="$TARGET_DIR" cargo build --release -p guichet -p guichet-bench)
fi
for b in guichet bench-gen bench-docs bench-baseline-queries; do
    [[ -x "$BIN/$b" ]] || die "missing $BIN/$b (build first)"
done

WORK=$(mktemp -d /tmp/guichet-bench-docs.XXXXXX)
mkdir -p "$OUT_DIR"
PIDS=()
cleanup() {
    for p in "${PIDS[@]:-}"; do [[ -n "$p" ]] && kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

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
    wrk -t"$THREADS" -c"$CONNECTIONS" -d2s -H "Cookie: $COOKIE" "$2" >/dev/null
    mapfile -t dbp < <(db_pids)
    cpu0=$(cpu_ticks "$pid")
    db0=$(cpu_ticks "${dbp[@]}")
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: $COOKIE" "$2" >"$out"
    cpu1=$(cpu_ticks "$pid")
    # Backends opened during the run count whole (they did nothing before it).
    mapfile -t dbp < <(db_pids)
    db1=$(cpu_ticks "${dbp[@]}")
    local rps p50 p99 bad requests clk server db
    rps=$(awk '/^Requests\/sec:/{printf "%.0f", $2}' "$out")
    p50=$(to_ms "$(awk '$1=="50%"{print $2}' "$out")")
    p99=$(to_ms "$(awk '$1=="99%"{print $2}' "$out")")
    bad=$(awk '/Non-2xx or 3xx responses:/{print $NF}' "$out")
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

for backend in $BACKENDS; do
    for size in $SIZES; do
        log "$backend, $size documents: generating"
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
        esac
        "$BIN/bench-gen" --database-url "$DB_URL" --host "$HOST" --customers 20 --sessions 200 >&2
        gen0=$(date +%s)
        PROJECT=$("$BIN/bench-docs" --database-url "$DB_URL" --host "$HOST" --documents "$size")
        printf 'generated in %s s; project %s\n' "$(( $(date +%s) - gen0 ))" "$PROJECT" >&2

        export GUICHET_DATABASE_URL="$DB_URL" GUICHET_METRICS_LISTEN="" GUICHET_WORKERS=false \
            GUICHET_LOG_LEVEL=warn GUICHET_MAX_CONNECTIONS=8 GUICHET_DATA_DIR="$WORK/data"
        PORT=$(free_port)
        BASE="http://$HOST:$PORT"
        (cd "$WORK" && exec "$BIN/guichet" serve --listen "$HOST:$PORT") &
        SERVER=$!
        PIDS+=("$SERVER")
        wait_answer "$BASE/readyz" "$SERVER" || die "guichet did not start"

        JAR="$WORK/cookies"
        rm -f "$JAR"
        csrf=$(curl -sf -c "$JAR" -b "$JAR" "$BASE/sign-in" |
            grep -o 'name="_csrf" value="[0-9a-f]*"' | head -1 | sed 's/.*value="\([0-9a-f]*\)"/\1/')
        curl -s -o /dev/null -c "$JAR" -b "$JAR" --data-urlencode "_csrf=$csrf" \
            --data-urlencode "email=$CONTACT_EMAIL" --data-urlencode "password=$PASSWORD" "$BASE/sign-in"
        session=$(awk '$6=="guichet_session"{print $7}' "$JAR")
        [[ -n "$session" ]] || die "sign-in failed"
        COOKIE="guichet_session=$session"

        page="$WORK/project.html"
        status=$(curl -s -o "$page" -w '%{http_code}' -H "Cookie: $COOKIE" "$BASE/portal/projects/$PROJECT")
        [[ "$status" == 200 ]] || die "project page answered $status"
        docs=$(grep -c '<tr data-document=' "$page" || true)
        [[ "$docs" == 50 ]] || die "project page lists $docs documents, not its first 50"
        grep -q 'data-testid="more-documents"' "$page" || die "project page has no link to its next documents"
        grep -q 'data-testid="flow"' "$page" || die "project page does not show its flow"
        PBYTES=$(wc -c <"$page")
        status=$(curl -s -o "$WORK/docs.html" -w '%{http_code}' -H "Cookie: $COOKIE" "$BASE/portal/documents")
        [[ "$status" == 200 ]] || die "documents page answered $status"
        [[ "$(grep -c '<tr data-document=' "$WORK/docs.html")" == 50 ]] || die "documents page is not a page of 50"
        DBYTES=$(wc -c <"$WORK/docs.html")

        log "$backend, $size: guichet"
        load "${backend}_${size}_project" "$BASE/portal/projects/$PROJECT" "$SERVER"
        load "${backend}_${size}_documents" "$BASE/portal/documents" "$SERVER"
        kill "$SERVER"; wait "$SERVER" 2>/dev/null || true

        log "$backend, $size: queries baselines"
        QPORT=$(free_port)
        "$BIN/bench-baseline-queries" --listen "$HOST:$QPORT" --database-url "$DB_URL" --host "$HOST" \
            --bytes "$PBYTES" --max-connections 8 2>/dev/null &
        Q=$!
        PIDS+=("$Q")
        wait_answer "http://$HOST:$QPORT/" "$Q" || die "baseline did not start"
        status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "http://$HOST:$QPORT/portal/projects/$PROJECT")
        [[ "$status" == 200 ]] || die "baseline project page answered $status"
        load "${backend}_${size}_project_baseline" "http://$HOST:$QPORT/portal/projects/$PROJECT" "$Q"
        kill "$Q"; wait "$Q" 2>/dev/null || true
        "$BIN/bench-baseline-queries" --listen "$HOST:$QPORT" --database-url "$DB_URL" --host "$HOST" \
            --bytes "$DBYTES" --max-connections 8 2>/dev/null &
        Q=$!
        PIDS+=("$Q")
        wait_answer "http://$HOST:$QPORT/" "$Q" || die "baseline did not start"
        load "${backend}_${size}_documents_baseline" "http://$HOST:$QPORT/portal/documents" "$Q"
        kill "$Q"; wait "$Q" 2>/dev/null || true

        # What following a flow costs the page: the same project without its flow, same run.
        log "$backend, $size: the project page without its flow"
        case "$backend" in
            sqlite) python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("DELETE FROM project_flows"); c.commit()' "$WORK/sqlite/guichet.db" ;;
            postgres) psql -q -v ON_ERROR_STOP=1 "$DB_URL" -c "DELETE FROM project_flows" >/dev/null ;;
        esac
        (cd "$WORK" && exec "$BIN/guichet" serve --listen "$HOST:$PORT") &
        SERVER=$!
        PIDS+=("$SERVER")
        wait_answer "$BASE/readyz" "$SERVER" || die "guichet did not start"
        status=$(curl -s -o "$page" -w '%{http_code}' -H "Cookie: $COOKIE" "$BASE/portal/projects/$PROJECT")
        [[ "$status" == 200 ]] || die "project page answered $status"
        grep -q 'data-testid="flow"' "$page" && die "the project still shows a flow"
        load "${backend}_${size}_projectnoflow" "$BASE/portal/projects/$PROJECT" "$SERVER"
        kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
    done
done

log "writing $OUT"
python3 - "$OUT" "$DURATION" "$CONNECTIONS" "$THREADS" "$(cd "$ROOT" && git rev-parse --short HEAD)" "${ROWS[@]}" <<'PY'
import sys, datetime
out, duration, conns, threads, commit, *rows = sys.argv[1:]
r = {}
for row in rows:
    label, rps, p50, p99, bad, server, db = row.split("|")
    r[label] = (float(rps), float(p50), float(p99), int(bad), int(server), int(db))
backends = [b for b in ("sqlite", "postgres") if any(k.startswith(b + "_") for k in r)]
sizes = sorted({int(k.split("_")[1]) for k in r})
name = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
page = {"project": "project page (200 documents, first 50 shown)", "documents": "all my documents (first 50)",
        "projectnoflow": "the same project page without its flow (no baseline)"}
L = ["## Documents pages (a project of 200 documents; an account's documents among up to 1,000,000)", ""]
L.append(f"Command: `bench/documents.sh` (release build; `bench-gen`, then `bench-docs` puts a project of "
         f"200 documents in the demo contact's account and N more documents in accounts of 10; wrk "
         f"-t{threads} -c{conns} -d{duration} with the contact's session; the baseline is "
         f"`bench-baseline-queries` doing the page's necessary queries once each). "
         f"Date: {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC, commit {commit}.")
L.append("")
L.append("| database | documents | page | req/s | p50 ms | p99 ms | CPU µs/req (server + database) | baseline req/s | baseline p99 ms | baseline CPU µs/req | non-2xx |")
L.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for b in backends:
    for n in sizes:
        for p in ("project", "projectnoflow", "documents"):
            k = f"{b}_{n}_{p}"
            if k not in r:
                continue
            g, q = r[k], r.get(k + "_baseline", (0, 0, 0, 0, 0, 0))
            cpu = lambda x: f"{x[4] + x[5]:,} ({x[4]:,} + {x[5]:,})" if b == "postgres" else f"{x[4] + x[5]:,}"
            L.append(f"| {name[b]} | {n:,} | {page[p]} | {g[0]:,.0f} | {g[1]:.2f} | {g[2]:.2f} | {cpu(g)} | {q[0]:,.0f} | {q[2]:.2f} | {cpu(q) if q[0] else ''} | {g[3] + q[3]} |")
L.append("")
L.append("Targets: at most 500 µs of CPU per request, server and database together; p99 ≤ 20 ms "
         "at 32 connections for both pages; p99 at 1,000,000 documents at most 1.5× p99 at 10,000.")
L.append("")
for b in backends:
    if len(sizes) < 2:
        continue
    lo, hi = sizes[0], sizes[-1]
    for p in ("project", "documents"):
        a, z = r.get(f"{b}_{lo}_{p}"), r.get(f"{b}_{hi}_{p}")
        if a and z:
            ratio = z[2] / a[2] if a[2] else float("inf")
            worst = max(a[2], z[2])
            cpu = max(a[4] + a[5], z[4] + z[5])
            L.append(f"- {name[b]}, {page[p]}: p99 {a[2]:.2f} ms at {lo:,} → {z[2]:.2f} ms at {hi:,} "
                     f"(×{ratio:.2f}: {'met' if ratio <= 1.5 else 'missed'}); "
                     f"≤ 20 ms: {'met' if worst <= 20 else 'missed'}; "
                     f"CPU ≤ 500 µs/req: {'met' if cpu <= 500 else 'missed'} (at most {cpu} µs).")
L.append("")
open(out, "w", encoding="utf-8").write("\n".join(L) + "\n")
print("\n".join(L))
PY
