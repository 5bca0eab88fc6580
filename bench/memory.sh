#!/usr/bin/env bash
# Memory under hostile load, each on a fresh server (its peak resident memory, VmHWM, against
# its resident memory when idle):
#   1. a burst of 200 sign-ins at once for unknown addresses, from 50 addresses (each sign-in
#      burns an Argon2id hash, so that unknown accounts cannot be told apart by timing);
#   2. a signed-in contact streaming a 50 MB text field into a comment form, chunked (so that
#      no announced length lets the server refuse it up front).
# Writes bench/memory-report.md (included in BENCHMARKS.md by hand, with the command).
#
# Usage: bench/memory.sh
# Environment (optional): BENCH_BIN_DIR (default: the release build of bench/documents.sh),
#   BENCH_BURST=200, BENCH_FIELD_MB=50, BENCH_SKIP_BUILD=1, BENCH_OUT
# Needs: cargo, curl, python3.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TARGET_DIR="$HOME/.cache/guichet-bench-target"
BIN=${BENCH_BIN_DIR:-$TARGET_DIR/release}
BURST=${BENCH_BURST:-200}
FIELD_MB=${BENCH_FIELD_MB:-50}
OUT=${BENCH_OUT:-$ROOT/bench/memory-report.md}
HOST=127.0.0.1
CONTACT_EMAIL=genevieve.lavoie@boreale.example
PASSWORD='Demo-Guichet-2026!'

die() { printf 'bench: %s\n' "$*" >&2; exit 1; }
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 && -z "${BENCH_BIN_DIR:-}" ]]; then
    (cd "$ROOT" && CARGO_TARGET_DIR="$TARGET_DIR" cargo build --release -p guichet -p guichet-bench)
fi
for b in guichet bench-gen bench-docs; do [[ -x "$BIN/$b" ]] || die "missing $BIN/$b (build first)"; done

WORK=$(mktemp -d /tmp/guichet-bench-memory.XXXXXX)
SERVER=
cleanup() { [[ -n "$SERVER" ]] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

DB_URL="sqlite://$WORK/guichet.db"
"$BIN/bench-gen" --database-url "$DB_URL" --host "$HOST" --customers 5 --sessions 1 >&2
PROJECT=$("$BIN/bench-docs" --database-url "$DB_URL" --host "$HOST" --documents 10)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
BASE="http://$HOST:$PORT"
export GUICHET_DATABASE_URL="$DB_URL" GUICHET_METRICS_LISTEN=off GUICHET_WORKERS=false \
    GUICHET_LOG_LEVEL=error GUICHET_DATA_DIR="$WORK/data"

start_server() {
    (cd "$WORK" && exec "$BIN/guichet" serve --listen "$HOST:$PORT") &
    SERVER=$!
    for _ in $(seq 1 500); do curl -sf -o /dev/null "$BASE/readyz" && return 0; sleep 0.02; done
    die "guichet did not start"
}
stop_server() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=; }
kb() { awk -v k="$1" '$1 == k":" {print $2}' "/proc/$SERVER/status"; }
form_csrf() { # jar page
    curl -sf -c "$1" -b "$1" "$BASE$2" |
        grep -o 'name="_csrf" value="[0-9a-f]*"' | head -1 | sed 's/.*value="\([0-9a-f]*\)"/\1/'
}
ROWS=()

# 1. A burst of sign-ins.
start_server
JAR="$WORK/jar1"
csrf=$(form_csrf "$JAR" /sign-in)
[[ -n "$csrf" ]] || die "no sign-in form"
# One sign-in first, so the idle figure includes what the first request allocates.
curl -s -o /dev/null -b "$JAR" --data-urlencode "_csrf=$csrf" --data-urlencode "email=warm@nowhere.example" \
    --data-urlencode "password=not the password" "$BASE/sign-in"
sleep 0.5
idle=$(kb VmRSS)
t0=$(date +%s.%N)
# From 50 loopback addresses (127.0.1.x), as a burst from many places would come: the
# per-address throttle (100 failures) does not stop it, only the hashing limit can.
seq 1 "$BURST" | xargs -P "$BURST" -I{} sh -c 'i=$1; shift; curl -s -o /dev/null -w "%{http_code}\n" \
    --interface "127.0.1.$(( i % 50 + 1 ))" "$@"' _ {} -b "$JAR" \
    --data-urlencode "_csrf=$csrf" --data-urlencode "email=nobody-{}@nowhere.example" \
    --data-urlencode "password=not the password" "$BASE/sign-in" >"$WORK/codes"
secs=$(python3 -c "import time; print(f'{time.time() - $t0:.1f}')")
peak=$(kb VmHWM)
codes=$(sort "$WORK/codes" | uniq -c | awk '{printf "%s%s × %s", (NR > 1 ? ", " : ""), $1, $2}')
printf 'sign-in burst: idle %s MB, peak %s MB, answers %s, %s s\n' \
    "$((idle / 1024))" "$((peak / 1024))" "$codes" "$secs" >&2
ROWS+=("$BURST sign-ins at once (unknown addresses, 50 source addresses)|$((idle / 1024))|$((peak / 1024))|$codes|$secs")
stop_server

# 2. A huge text field, streamed.
start_server
JAR="$WORK/jar2"
csrf=$(form_csrf "$JAR" /sign-in)
curl -s -o /dev/null -c "$JAR" -b "$JAR" --data-urlencode "_csrf=$csrf" \
    --data-urlencode "email=$CONTACT_EMAIL" --data-urlencode "password=$PASSWORD" "$BASE/sign-in"
csrf=$(form_csrf "$JAR" "/portal/projects/$PROJECT")
[[ -n "$csrf" ]] || die "the contact's project page has no form"
head -c $((FIELD_MB * 1024 * 1024)) /dev/zero | tr '\0' x >"$WORK/field.txt"
sleep 0.5
idle=$(kb VmRSS)
t0=$(date +%s.%N)
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$JAR" -H 'Transfer-Encoding: chunked' \
    -F "_csrf=$csrf" -F "body=<$WORK/field.txt" "$BASE/projects/$PROJECT/comments" || true)
secs=$(python3 -c "import time; print(f'{time.time() - $t0:.1f}')")
peak=$(kb VmHWM)
printf '%s MB text field: idle %s MB, peak %s MB, answer %s, %s s\n' \
    "$FIELD_MB" "$((idle / 1024))" "$((peak / 1024))" "$code" "$secs" >&2
ROWS+=("a $FIELD_MB MB comment streamed (chunked) by a signed-in contact|$((idle / 1024))|$((peak / 1024))|1 × $code|$secs")
stop_server

{
    echo "## Memory under hostile load"
    echo
    echo "Command: \`bench/memory.sh\` (release build, SQLite, default configuration: Argon2id 19,456 KiB × 2 iterations, one hash per core with a 3 s wait, uploads up to 200 MB). Date: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(cd "$ROOT" && git rev-parse --short HEAD)."
    echo
    echo "| load | idle RSS MB | peak RSS MB (VmHWM) | answers | lasted s |"
    echo "|---|---:|---:|---|---:|"
    for r in "${ROWS[@]}"; do echo "| ${r//|/ | } |"; done
} >"$OUT"
echo "wrote $OUT" >&2
