#!/usr/bin/env bash
# Benchmark of reminders and the invoice PDF (issue 17), on SQLite and PostgreSQL:
#   - 10,000 overdue invoices of 1,000 customers and one rule; timed: planning the reminders,
#     running each job (its invoice read again, its email queued in the job's transaction) and
#     delivering every email to a real SMTP server that counts them (bench/smtp_count.py);
#     target: ≤ 60 s, exactly 10,000 emails; then a second round, which must send nothing;
#   - the invoice PDF rendered 100 times after a warm-up: target ≤ 20 ms.
# Writes bench/reminders-report.md.
#
# Usage: bench/reminders.sh
# Environment (optional): BENCH_BACKENDS="sqlite postgres"  BENCH_INVOICES=10000
#   BENCH_CUSTOMERS=1000  BENCH_SKIP_BUILD=1  BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres
# Needs: cargo, python3 with aiosmtpd, psql (for PostgreSQL).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TARGET_DIR="$HOME/.cache/guichet-bench-target"
BIN=${BENCH_BIN_DIR:-$TARGET_DIR/release}
BACKENDS=${BENCH_BACKENDS:-"sqlite postgres"}
INVOICES=${BENCH_INVOICES:-10000}
CUSTOMERS=${BENCH_CUSTOMERS:-1000}
PG_ADMIN=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
PG_DB=guichet_bench_reminders
OUT=${BENCH_OUT:-$ROOT/bench/reminders-report.md}
PORT=2599

log() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

python3 -c 'import aiosmtpd' 2>/dev/null || die "aiosmtpd is missing (python3 -m pip install aiosmtpd)"
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 && -z "${BENCH_BIN_DIR:-}" ]]; then
    log "building release (CARGO_TARGET_DIR=$TARGET_DIR)"
    (cd "$ROOT" && CARGO_TARGET_DIR="$TARGET_DIR" cargo build --release -p guichet-bench --bin bench-reminders)
fi
[[ -x "$BIN/bench-reminders" ]] || die "missing $BIN/bench-reminders (build first)"

WORK=$(mktemp -d /tmp/guichet-bench-reminders.XXXXXX)
SMTP_PID=
cleanup() { [[ -n "$SMTP_PID" ]] && kill "$SMTP_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

{
    echo "Command: \`bench/reminders.sh\` (release build; $INVOICES overdue invoices of $CUSTOMERS customers, one rule \"7 days after the due date\"; a real SMTP server counting what it receives). Date: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$ROOT" rev-parse --short HEAD); load average $(cut -d' ' -f1-3 /proc/loadavg)."
    echo
    echo "| database | reminders planned | jobs done | emails received by the SMTP server | plan s | plan + jobs s | plan + jobs + delivery s | second round: planned, sent | invoice PDF p50 ms | p99 ms |"
    echo "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|"
} > "$OUT"

for backend in $BACKENDS; do
    case $backend in
        sqlite) URL="sqlite://$WORK/reminders.db" ;;
        postgres)
            psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $PG_DB" >/dev/null
            psql "$PG_ADMIN" -qc "CREATE DATABASE $PG_DB" >/dev/null
            URL="${PG_ADMIN%/*}/$PG_DB" ;;
        *) die "unknown backend $backend" ;;
    esac
    COUNT="$WORK/count-$backend"
    python3 "$ROOT/bench/smtp_count.py" "$PORT" "$COUNT" & SMTP_PID=$!
    for _ in $(seq 1 50); do [[ -s "$COUNT" ]] && break; sleep 0.1; done
    log "$backend: seeding and running"
    "$BIN/bench-reminders" --database-url "$URL" --invoices "$INVOICES" --customers "$CUSTOMERS" \
        --smtp-port "$PORT" --count-file "$COUNT" | tee "$WORK/out-$backend"
    kill "$SMTP_PID"; wait "$SMTP_PID" 2>/dev/null || true; SMTP_PID=
    line=$(grep '^RESULT reminders' "$WORK/out-$backend")
    again=$(grep '^RESULT again' "$WORK/out-$backend")
    pdf=$(grep '^RESULT pdf' "$WORK/out-$backend")
    get() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
    echo "| $backend | $(get planned "$line") | $(get done "$line") | $(get received "$line") | $(get plan_s "$line") | $(get jobs_s "$line") | $(get total_s "$line") | $(get planned "$again"), $(get received "$again") | $(get p50_ms "$pdf") | $(get p99_ms "$pdf") |" >> "$OUT"
    [[ "$backend" == postgres ]] && psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $PG_DB" >/dev/null
done
echo >> "$OUT"
echo "Targets (issue 17): $INVOICES due reminders processed in ≤ 60 s with exactly $INVOICES emails received; an invoice PDF in ≤ 20 ms after warm-up." >> "$OUT"
cat "$OUT"
