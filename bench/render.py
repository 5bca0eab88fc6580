"""Writes BENCHMARKS.md from the key=value results of bench/run.sh and prints its tables.

Usage: python3 bench/render.py RESULTS OUT [NOTES_MD]
"""
import os
import sys

results, out = sys.argv[1:3]
notes_file = sys.argv[3] if len(sys.argv) > 3 else ""
r = {}
for line in open(results, encoding="utf-8"):
    k, _, v = line.rstrip("\n").partition("=")
    r[k] = v


def f(k, default=0.0):
    try:
        return float(r.get(k, default) or default)
    except ValueError:
        return default


def mb(kib):
    return f"{kib * 1024 / 1e6:.1f}"


params = dict(p.split("=", 1) for p in r.get("params", "").split() if "=" in p)
backends = r["backends"].split()
label = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
ratio_target = {"sqlite": 0.25, "postgres": 0.10}
P99_MS, RSS_MB, READY_MS = 20.0, 40.0, 1000.0


def ok(b):
    return "✅ met" if b else "❌ missed"


L = []
L.append("# Benchmarks")
L.append("")
L.append("Signed-in portal home (`GET /portal`, a contact of the demo tenant), measured against two")
L.append("baselines in the same run: a bare axum 0.8 handler returning a page of the same size")
L.append("(`bench-baseline-static`), and a bare axum handler doing only the portal home's database")
L.append("work — `signed_in`: the session, its user and their customer accounts in one statement — padded to the same size")
L.append("(`bench-baseline-queries`). Sources: `bench/run.sh`, `bench/render.py`, `crates/guichet-bench`.")
L.append("")
L.append("## Setup")
L.append("")
L.append(f"- Date: {r['date']}; commit {r.get('commit', '?')}")
L.append(f"- Machine: {r['nproc']} CPU(s), {r['cpu']}, {r['mem']}, Linux {r['kernel']}; "
         f"load average {r['loadavg_start']} at start, {r.get('loadavg_end', '?')} at end "
         "(the machine is shared: other builds may run at the same time)")
L.append(f"- {r['rustc']}; {r['wrk']}" + (f"; PostgreSQL {r['pg_version']}" if "pg_version" in r else ""))
L.append("- Command: `bench/run.sh` (release build in `~/.cache/guichet-bench-target`)")
L.append("- Server: `guichet serve` with `GUICHET_METRICS_LISTEN=\"\"`, `GUICHET_WORKERS=false`, "
         "`GUICHET_LOG_LEVEL=warn`, `GUICHET_MAX_CONNECTIONS=8`; the baselines use a pool of 8 too; "
         "each server runs alone (the others are stopped)")
L.append(f"- Data (`bench-gen`): demo tenant (10 customers, 27 contacts) + {params.get('customers', '?')} "
         f"customers × 3 contacts + {params.get('sessions', '?')} sessions (¼ expired); "
         + ", ".join(f"{label[b]} {r.get(b + '_db_size', '?')} (generated in {r.get(b + '_gen_secs', '?')} s)"
                     for b in backends)
         + ("; PostgreSQL is `ANALYZE`d after the load (as autovacuum soon would)" if "postgres" in backends else ""))
L.append(f"- Load: `wrk {r.get('wrk_args', '')} --latency -H \"Cookie: guichet_session=…; guichet_csrf=…\"`, "
         "after a 2 s unmeasured warm-up; wrk, the server and the database share the same CPUs")
L.append("- RSS sampled every 0.5 s from `/proc/PID/status`; server CPU = user + system time of the "
         "server process (`/proc/PID/stat`) ÷ requests served; database CPU = the same for the "
         "PostgreSQL backends serving the benchmark database (SQLite runs inside the server process)")
L.append("- Idle RSS: after 20 warm-up requests; ready: spawn → first `200` from `/readyz` on an "
         "existing, migrated database (page cache warm), best of 3")
L.append("")

L.append("## Throughput and latency")
L.append("")
for b in backends:
    L.append(f"### {label[b]}")
    L.append("")
    L.append(f"Page size: {int(f(b + '_page_bytes'))} bytes.")
    L.append("")
    L.append("| target | req/s | p50 ms | p90 ms | p99 ms | server CPU µs/req | database CPU µs/req "
             "| idle RSS MB | peak RSS MB | non-2xx | socket errors |")
    L.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for key, name in (("portal", "guichet `GET /portal`"),
                      ("static", "baseline: static page"),
                      ("queries", "baseline: queries only")):
        p = f"{b}_{key}"
        db = f"{f(p + '_db_cpu_us_per_req'):.0f}" if b == "postgres" and key != "static" else "—"
        L.append(f"| {name} | {f(p + '_rps'):.0f} | {f(p + '_p50'):.2f} | {f(p + '_p90'):.2f} | "
                 f"{f(p + '_p99'):.2f} | {f(p + '_cpu_us_per_req'):.0f} | {db} | "
                 f"{mb(f(p + '_idle_rss_kib'))} | {mb(f(p + '_peak_rss_kib'))} | "
                 f"{int(f(p + '_non2xx'))} | {int(f(p + '_errors'))} |")
    L.append("")

L.append("### Ratios")
L.append("")
L.append("| backend | portal ÷ static baseline | portal ÷ queries baseline | queries ÷ static |")
L.append("|---|---:|---:|---:|")
for b in backends:
    po, st, qu = f(b + "_portal_rps"), f(b + "_static_rps"), f(b + "_queries_rps")
    L.append(f"| {label[b]} | {po / st * 100 if st else 0:.1f} % | {po / qu * 100 if qu else 0:.1f} % "
             f"| {qu / st * 100 if st else 0:.1f} % |")
L.append("")

L.append("## Start to ready (existing database)")
L.append("")
L.append("| backend | best of 3 (ms) | all starts (ms) |")
L.append("|---|---:|---|")
for b in backends:
    L.append(f"| {label[b]} | {f(b + '_ready_ms'):.0f} | {r.get(b + '_ready_all', '')} |")
L.append("")

L.append("## Targets (from the issue)")
L.append("")
L.append("| target | backend | measured | met? |")
L.append("|---|---|---:|---|")
missed = []
for b in backends:
    po, st = f(b + "_portal_rps"), f(b + "_static_rps")
    ratio = po / st if st else 0
    rt = ratio_target[b]
    valid = f(b + "_portal_non2xx") == 0 and f(b + "_portal_errors") == 0
    rows = [
        (f"portal home ≥ {rt * 100:.0f} % of the static baseline's req/s", f"{ratio * 100:.1f} %",
         ratio >= rt and valid),
        ("p99 ≤ 20 ms", f"{f(b + '_portal_p99'):.2f} ms", f(b + "_portal_p99") <= P99_MS and valid),
        ("idle RSS ≤ 40 MB", f"{mb(f(b + '_portal_idle_rss_kib'))} MB",
         f(b + "_portal_idle_rss_kib") * 1024 / 1e6 <= RSS_MB),
        ("ready ≤ 1 s after start on an existing database", f"{f(b + '_ready_ms'):.0f} ms",
         0 < f(b + "_ready_ms") <= READY_MS),
    ]
    for name, measured, met in rows:
        L.append(f"| {name} | {label[b]} | {measured} | {ok(met)} |")
        if not met:
            missed.append(f"{name} on {label[b]} ({measured})")
L.append("")
L.append("MB = 10⁶ bytes. A run with non-2xx answers or socket errors on the portal counts as missed.")
L.append("")
tables_end = len(L)

L.append("## Notes")
L.append("")
if missed:
    L.append("Missed in this run: " + "; ".join(missed) + ".")
else:
    L.append("Every target was met in this run.")
L.append("")
for b in backends:
    po, qu, st = (f(f"{b}_{k}_cpu_us_per_req") for k in ("portal", "queries", "static"))
    line = (f"- {label[b]}: the server process spends {po:.0f} µs of CPU per portal request, against "
            f"{qu:.0f} µs for the queries-only baseline and {st:.0f} µs for the static page")
    if b == "postgres":
        line += (f"; the PostgreSQL backends spend {f(b + '_portal_db_cpu_us_per_req'):.0f} µs per portal "
                 f"request ({f(b + '_queries_db_cpu_us_per_req'):.0f} µs for the queries baseline)")
    L.append(line + ".")
L.append("")
if notes_file and os.path.exists(notes_file):
    L.append(open(notes_file, encoding="utf-8").read().rstrip())
    L.append("")

# Large files (bench/files.py writes this section; kept across runs of run.sh).
files_report = os.path.join(os.path.dirname(os.path.abspath(__file__)), "files-report.md")
if os.path.exists(files_report):
    L.append(open(files_report, encoding="utf-8").read().rstrip())
    L.append("")

# Documents pages (bench/documents.sh writes this section; kept across runs of run.sh).
documents_report = os.path.join(os.path.dirname(os.path.abspath(__file__)), "documents-report.md")
if os.path.exists(documents_report):
    L.append(open(documents_report, encoding="utf-8").read().rstrip())
    L.append("")

plans = [(b, r.get(b + "_plans", "")) for b in backends]
plans = [(b, p) for b, p in plans if p and os.path.exists(p)]
if plans:
    L.append("## Query plans of the portal home (measured after the load)")
    L.append("")
    for b, p in plans:
        L.append(f"### {label[b]}")
        L.append("")
        L.append("```")
        L.append(open(p, encoding="utf-8").read().rstrip())
        L.append("```")
        L.append("")

with open(out, "w", encoding="utf-8") as fh:
    fh.write("\n".join(L).rstrip() + "\n")
print("\n".join(L[:tables_end]))
