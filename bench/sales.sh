#!/usr/bin/env bash
# Benchmark of the sales pages (issue 16), on SQLite and PostgreSQL:
#   - GET /portal/catalog: the first page of the contact's catalog (48 products shown) among
#     10,000 products, with 100 price rules for the customer besides base and segment prices;
#   - GET /portal/orders: "My orders", the newest orders (the page lists 50) among 100,000;
#   - GET /portal/quotes/{id}: the customer's open quote (sent, with its acceptance form);
# each against bench-baseline-queries doing the same queries with a plain page around them
# (measured in the same run), with CPU time per request of the server and of PostgreSQL.
# Data: bench-gen (the demo tenant), then bench-sales (products, price rules, orders of
# Construction Boréale). Writes bench/sales-report.md (its table goes in BENCHMARKS.md).
#
# Usage: bench/sales.sh
# Environment (optional): BENCH_BACKENDS="sqlite postgres"  BENCH_PRODUCTS=10000
#   BENCH_CUSTOMER_RULES=100  BENCH_ORDERS=100000  BENCH_DURATION=10s  BENCH_THREADS=2
#   BENCH_CONNECTIONS=32  BENCH_TIMEOUT=30s  BENCH_SKIP_BUILD=1  BENCH_BIN_DIR=…
#   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres
# Needs: cargo, wrk (apt-get install wrk), curl, python3, psql (for PostgreSQL).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TARGET_DIR="$HOME/.cache/guichet-bench-target"
BIN=${BENCH_BIN_DIR:-$TARGET_DIR/release}
BACKENDS=${BENCH_BACKENDS:-"sqlite postgres"}
PRODUCTS=${BENCH_PRODUCTS:-10000}
CUSTOMER_RULES=${BENCH_CUSTOMER_RULES:-100}
ORDERS=${BENCH_ORDERS:-100000}
PG_ADMIN=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
PG_DB=guichet_bench_sales
DURATION=${BENCH_DURATION:-10s}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
# wrk's own default (2 s) would count a slow page's answers as timeouts, with no latency.
TIMEOUT=${BENCH_TIMEOUT:-30s}
OUT=${BENCH_OUT:-$ROOT/bench/sales-report.md}
OUT_DIR="$ROOT/bench/out/sales"
HOST=127.0.0.1
# Construction Boréale's portal administrator: her role may see the catalog, orders and quotes.
CONTACT_EMAIL=genevieve.lavoie@boreale.example
PASSWORD='Demo-Guichet-2026!'

. "$ROOT/bench/lib.sh"
bench_init sales guichet bench-gen bench-sales bench-baseline-queries

GEN_NOTES=()
for backend in $BACKENDS; do
    log "$backend: generating"
    fresh_database
    "$BIN/bench-gen" --database-url "$DB_URL" --host "$HOST" --customers 20 --sessions 200 >&2
    gen0=$(date +%s)
    QUOTE=$("$BIN/bench-sales" --database-url "$DB_URL" --host "$HOST" --products "$PRODUCTS" \
        --customer-rules "$CUSTOMER_RULES" --orders "$ORDERS")
    GEN_NOTES+=("$backend: bench-sales took $(( $(date +%s) - gen0 )) s")
    printf 'generated in %s s; open quote %s\n' "$(( $(date +%s) - gen0 ))" "$QUOTE" >&2

    start_guichet

    # Each page answers 200 with its real content before it is measured.
    CBYTES=$(check_page catalog "$BASE/portal/catalog" "$WORK/catalog.html")
    n=$(grep -c '<li class="card product"' "$WORK/catalog.html" || true)
    [[ "$n" == 48 ]] || die "the catalog shows $n products, not its first 48"
    grep -q 'rel="next"' "$WORK/catalog.html" || die "the catalog has no next page"
    OBYTES=$(check_page orders "$BASE/portal/orders" "$WORK/orders.html")
    n=$(grep -c '<tr data-order=' "$WORK/orders.html" || true)
    (( n >= 50 )) || die "the orders page lists $n orders"
    OROWS=$n
    QBYTES=$(check_page quote "$BASE/portal/quotes/$QUOTE" "$WORK/quote.html")
    grep -q 'data-testid="quote-lines"' "$WORK/quote.html" || die "the quote page shows no lines"
    grep -q 'data-testid="accept"' "$WORK/quote.html" || die "the quote page has no acceptance form"
    cp "$WORK/catalog.html" "$WORK/orders.html" "$WORK/quote.html" "$OUT_DIR/" 2>/dev/null || true
    printf 'pages: catalog %s bytes, orders %s bytes (%s rows), quote %s bytes\n' \
        "$CBYTES" "$OBYTES" "$OROWS" "$QBYTES" >&2

    log "$backend: guichet"
    load "${backend}_catalog" "$BASE/portal/catalog" "$SERVER"
    load "${backend}_orders" "$BASE/portal/orders" "$SERVER"
    load "${backend}_quote" "$BASE/portal/quotes/$QUOTE" "$SERVER"
    kill "$SERVER"; wait "$SERVER" 2>/dev/null || true

    log "$backend: queries baselines"
    baseline "${backend}_catalog_baseline" /portal/catalog "$CBYTES"
    baseline "${backend}_orders_baseline" /portal/orders "$OBYTES"
    baseline "${backend}_quote_baseline" "/portal/quotes/$QUOTE" "$QBYTES"
    ROWS+=("${backend}_sizes|$CBYTES|$OBYTES|$QBYTES|$OROWS|0|0")
done

log "writing $OUT"
python3 - "$OUT" "$DURATION" "$CONNECTIONS" "$THREADS" "$(cd "$ROOT" && git rev-parse --short HEAD)" \
    "$PRODUCTS" "$CUSTOMER_RULES" "$ORDERS" "$(uptime | sed 's/.*load average: //')" "$(IFS=';'; echo "${GEN_NOTES[*]}" | sed 's/;/; /g')" "${ROWS[@]}" <<'PY'
import sys, datetime
out, duration, conns, threads, commit, products, rules, orders, load, gen, *rows = sys.argv[1:]
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
page = {"catalog": "catalog, first page (48 of 10,000 products)",
        "orders": "my orders (newest {rows} of 100,000)",
        "quote": "an open quote (3 lines, acceptance form)"}
L = [f"Command: `bench/sales.sh` (release build; `bench-gen`, then `bench-sales` adds {int(products):,} "
     f"products with base, segment and quantity-break prices, {rules} price rules for Construction "
     f"Boréale and {int(orders):,} of its orders; wrk -t{threads} -c{conns} -d{duration} with "
     f"Geneviève Lavoie's session; the baseline is `bench-baseline-queries` doing the page's "
     f"queries with a plain page of the same size around them, in the same run). "
     f"Date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, commit {commit}; "
     f"load average at the end {load}; {gen}.", ""]
L.append("| database | page | bytes | req/s | p50 ms | p99 ms | CPU µs/req (server + database) | baseline req/s | baseline p99 ms | baseline CPU µs/req | non-2xx or socket errors |")
L.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
verdicts = []
for b in backends:
    cb, ob, qb, orows, *_ = sizes.get(b, [0, 0, 0, 0])
    for p, size in (("catalog", cb), ("orders", ob), ("quote", qb)):
        k = f"{b}_{p}"
        if k not in r:
            continue
        g, q = r[k], r.get(k + "_baseline", (0, 0, 0, 0, 0, 0))
        cpu = lambda x: f"{x[4] + x[5]:,} ({x[4]:,} + {x[5]:,})" if b == "postgres" else f"{x[4] + x[5]:,}"
        label = page[p].format(rows=orows)
        L.append(f"| {name[b]} | {label} | {size:,} | {g[0]:,.0f} | {g[1]:.2f} | {g[2]:.2f} | {cpu(g)} | {q[0]:,.0f} | {q[2]:.2f} | {cpu(q) if q[0] else ''} | {g[3] + q[3]} |")
        c = g[4] + g[5]
        verdicts.append(f"- {name[b]}, {label}: p99 {g[2]:.2f} ms (≤ 20 ms: {'met' if g[2] <= 20 and g[3] == 0 else 'missed'}); "
                        f"{c} µs of CPU per request (≤ 500 µs: {'met' if c <= 500 else 'missed'}); "
                        f"{g[0] / q[0] * 100 if q[0] else 0:.0f} % of the baseline's req/s.")
L.append("")
L.append("Targets (issue 16): p99 ≤ 20 ms at 32 connections and ≤ 0.5 ms of CPU per request, server and database together.")
L.append("")
L.extend(verdicts)
L.append("")
open(out, "w", encoding="utf-8").write("\n".join(L) + "\n")
print("\n".join(L))
PY
