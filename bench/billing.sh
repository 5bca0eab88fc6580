#!/usr/bin/env bash
# Benchmark of the billing pages (issue 17), on SQLite and PostgreSQL:
#   - GET /portal/invoices: "My invoices", the account's newest 50 among the provider's
#     1,000,000 invoices of 100,000 accounts (with what the account owes, read from its unpaid
#     invoices);
#   - GET /portal/invoices/statement?from=…&to=…: a statement of 1,000 lines (510 invoices and
#     490 payments over two years), with its running balance and aging;
# each against bench-baseline-queries doing the same queries with a plain page around them
# (measured in the same run), with CPU time per request of the server and of PostgreSQL.
# Data: bench-gen (the demo tenant), then bench-billing (accounts, invoices, payments).
# Writes bench/billing-report.md (its table goes in BENCHMARKS.md).
#
# Usage: bench/billing.sh
# Environment (optional): BENCH_BACKENDS="sqlite postgres"  BENCH_ACCOUNTS=100000
#   BENCH_INVOICES_PER_ACCOUNT=10  BENCH_OWN_INVOICES=510  BENCH_DURATION=10s  BENCH_THREADS=2
#   BENCH_CONNECTIONS=32  BENCH_TIMEOUT=30s  BENCH_SKIP_BUILD=1  BENCH_BIN_DIR=…
#   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres
# Needs: cargo, wrk (apt-get install wrk), curl, python3, psql (for PostgreSQL).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TARGET_DIR="$HOME/.cache/guichet-bench-target"
BIN=${BENCH_BIN_DIR:-$TARGET_DIR/release}
BACKENDS=${BENCH_BACKENDS:-"sqlite postgres"}
ACCOUNTS=${BENCH_ACCOUNTS:-100000}
PER_ACCOUNT=${BENCH_INVOICES_PER_ACCOUNT:-10}
OWN=${BENCH_OWN_INVOICES:-510}
PG_ADMIN=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
PG_DB=guichet_bench_billing
DURATION=${BENCH_DURATION:-10s}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
# wrk's own default (2 s) would count a slow page's answers as timeouts, with no latency.
TIMEOUT=${BENCH_TIMEOUT:-30s}
OUT=${BENCH_OUT:-$ROOT/bench/billing-report.md}
OUT_DIR="$ROOT/bench/out/billing"
HOST=127.0.0.1
# Construction Boréale's portal administrator: her role may see the invoices.
CONTACT_EMAIL=genevieve.lavoie@boreale.example
PASSWORD='Demo-Guichet-2026!'

. "$ROOT/bench/lib.sh"
bench_init billing guichet bench-gen bench-billing bench-baseline-queries

GEN_NOTES=()
for backend in $BACKENDS; do
    log "$backend: generating"
    fresh_database
    "$BIN/bench-gen" --database-url "$DB_URL" --host "$HOST" --customers 20 --sessions 200 >&2
    gen0=$(date +%s)
    "$BIN/bench-billing" --database-url "$DB_URL" --host "$HOST" --accounts "$ACCOUNTS" \
        --invoices-per-account "$PER_ACCOUNT" --own-invoices "$OWN" >&2
    GEN_NOTES+=("$backend: bench-billing took $(( $(date +%s) - gen0 )) s")

    start_guichet

    # Each page answers 200 with its real content before it is measured.
    FROM=$(date -u -d '731 days ago' +%F)
    TO=$(date -u +%F)
    STATEMENT="/portal/invoices/statement?from=$FROM&to=$TO"
    IBYTES=$(check_page invoices "$BASE/portal/invoices" "$WORK/invoices.html")
    n=$(grep -c '<tr data-invoice=' "$WORK/invoices.html" || true)
    [[ "$n" == 50 ]] || die "My invoices lists $n invoices, not its newest 50"
    grep -q 'rel="next"\|before=' "$WORK/invoices.html" || die "My invoices has no older page"
    SBYTES=$(check_page statement "$BASE$STATEMENT" "$WORK/statement.html")
    n=$(grep -o 'href="/portal/invoices/[0-9a-f-]*"' "$WORK/statement.html" | wc -l)
    (( n >= 1000 )) || die "the statement has $n lines"
    SROWS=$n
    cp "$WORK/invoices.html" "$WORK/statement.html" "$OUT_DIR/" 2>/dev/null || true
    printf 'pages: invoices %s bytes, statement %s bytes (%s lines)\n' "$IBYTES" "$SBYTES" "$SROWS" >&2

    log "$backend: guichet"
    load "${backend}_invoices" "$BASE/portal/invoices" "$SERVER"
    load "${backend}_statement" "$BASE$STATEMENT" "$SERVER"
    kill "$SERVER"; wait "$SERVER" 2>/dev/null || true

    log "$backend: queries baselines"
    baseline "${backend}_invoices_baseline" /portal/invoices "$IBYTES"
    baseline "${backend}_statement_baseline" "$STATEMENT" "$SBYTES"
    ROWS+=("${backend}_sizes|$IBYTES|$SBYTES|$SROWS|0|0|0")
done

log "writing $OUT"
python3 - "$OUT" "$DURATION" "$CONNECTIONS" "$THREADS" "$(cd "$ROOT" && git rev-parse --short HEAD)" \
    "$ACCOUNTS" "$PER_ACCOUNT" "$OWN" "$(uptime | sed 's/.*load average: //')" "$(IFS=';'; echo "${GEN_NOTES[*]}" | sed 's/;/; /g')" "${ROWS[@]}" <<'PY'
import sys, datetime
out, duration, conns, threads, commit, accounts, per_account, own, load, gen, *rows = sys.argv[1:]
r, sizes = {}, {}
for row in rows:
    label, *v = row.split("|")
    if label.endswith("_sizes"):
        sizes[label[:-6]] = [int(x) for x in v]
        continue
    rps, p50, p99, bad, server, db = v
    r[label] = (float(rps), float(p50), float(p99), int(bad), int(server), int(db))
backends = [b for b in ("sqlite", "postgres") if any(k.startswith(b + "_") for k in r)]
name = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
page = {"invoices": "my invoices (newest 50 of {total:,})",
        "statement": "statement of {rows:,} lines"}
total = int(accounts) - 1
total = total * int(per_account) + int(own)
L = [f"Command: `bench/billing.sh` (release build; `bench-gen`, then `bench-billing` adds "
     f"{int(accounts) - 1:,} accounts with {per_account} invoices each and {own} invoices of "
     f"Construction Boréale over two years, all but the newest twenty paid; wrk -t{threads} "
     f"-c{conns} -d{duration} with Geneviève Lavoie's session; the baseline is "
     f"`bench-baseline-queries` doing the page's queries with a plain page of the same size "
     f"around them, in the same run). "
     f"Date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, commit {commit}; "
     f"load average at the end {load}; {gen}.", ""]
L.append("| database | page | bytes | req/s | p50 ms | p99 ms | CPU µs/req (server + database) | baseline req/s | baseline p99 ms | baseline CPU µs/req | non-2xx or socket errors |")
L.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
verdicts = []
for b in backends:
    ib, sb, srows, *_ = sizes.get(b, [0, 0, 0])
    for p, size in (("invoices", ib), ("statement", sb)):
        k = f"{b}_{p}"
        if k not in r:
            continue
        g, q = r[k], r.get(k + "_baseline", (0, 0, 0, 0, 0, 0))
        cpu = lambda x: f"{x[4] + x[5]:,} ({x[4]:,} + {x[5]:,})" if b == "postgres" else f"{x[4] + x[5]:,}"
        label = page[p].format(rows=srows, total=total)
        L.append(f"| {name[b]} | {label} | {size:,} | {g[0]:,.0f} | {g[1]:.2f} | {g[2]:.2f} | {cpu(g)} | {q[0]:,.0f} | {q[2]:.2f} | {cpu(q) if q[0] else ''} | {g[3] + q[3]} |")
        c = g[4] + g[5]
        verdicts.append(f"- {name[b]}, {label}: p99 {g[2]:.2f} ms (≤ 20 ms: {'met' if g[2] <= 20 and g[3] == 0 else 'missed'}); "
                        f"{c} µs of CPU per request (≤ 500 µs: {'met' if c <= 500 else 'missed'}); "
                        f"{g[0] / q[0] * 100 if q[0] else 0:.0f} % of the baseline's req/s.")
L.append("")
L.append("Targets (issue 17): p99 ≤ 20 ms at 32 connections and ≤ 0.5 ms of CPU per request, server and database together.")
L.append("")
L.extend(verdicts)
L.append("")
open(out, "w", encoding="utf-8").write("\n".join(L) + "\n")
print("\n".join(L))
PY
