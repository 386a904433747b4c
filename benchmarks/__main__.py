"""`python -m benchmarks [--quick]`: see the package docstring."""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from . import http, targets
from .tables import flag, print_table
from .territories import QUERIES as TERRITORY_QUERIES

ROOT = Path(__file__).absolute().parent.parent
PARTS = ("territories", "pages", "throughput", "load", "reports")
SECRET = "benchmark-only-secret-0b9f3c1e7a5d4b2c8e6f0a1d3c5b7e9f"


def database_url(name: str) -> str:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/maillage")
    parts = urlsplit(base)
    if not parts.scheme.startswith("postgres"):
        sys.exit("The benchmarks need PostgreSQL: set DATABASE_URL to a postgres:// URL.")
    return urlunsplit(parts._replace(path=f"/{name}"))


def environment(name: str) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url(name),
        "EMAIL_URL": "consolemail://",
        "MAILLAGE_CELERY_QUEUE": "maillage_bench",
        "MAILLAGE_CACHE_PREFIX": f"bench-{name}",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    return env


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        capture_output=capture,
    )
    return result.stdout if capture else ""


def ensure_database(name: str) -> None:
    import psycopg

    admin = urlsplit(database_url("postgres"))
    with psycopg.connect(
        host=admin.hostname,
        port=admin.port or 5432,
        user=admin.username or "postgres",
        password=admin.password,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def bench_database(scale: int) -> str:
    """`<database of DATABASE_URL>_bench_<scale>`: `maillage_bench_50` by default, and a
    database of one's own when DATABASE_URL names one (several people on one machine)."""
    base = urlsplit(os.environ.get("DATABASE_URL", "")).path.strip("/") or "maillage"
    return f"{base}_bench_{scale}"


def prepare(scale: int) -> dict:
    name = bench_database(scale)
    env = environment(name)
    ensure_database(name)
    manage(env, "migrate", "--noinput", "-v0")
    # Seeding is idempotent: a database seeded by an earlier release is brought up to the
    # current demo data instead of being measured as it was.
    print(f"  seeding {name} (seed_demo --scale {scale})…", flush=True)
    start = time.monotonic()
    manage(env, "seed_demo", "--scale", str(scale), capture=True)
    print(f"  seeded in {time.monotonic() - start:.0f} s", flush=True)
    analyze(name)
    return env


def analyze(name: str) -> None:
    """Planner statistics for the seeded tables, as autovacuum gathers them in time (it may
    be off or not have run yet): without them PostgreSQL plans for empty tables and the
    figures say more about the statistics than about the pages."""
    import psycopg

    url = urlsplit(database_url(name))
    with psycopg.connect(
        host=url.hostname,
        port=url.port or 5432,
        user=url.username or "postgres",
        password=url.password,
        dbname=name,
        autocommit=True,
    ) as conn:
        conn.execute("ANALYZE")


def measure_pages(
    env: dict, *, repeat: int, reports_scale: int, pages: bool = True, match: str = ""
) -> dict:
    output = subprocess.run(  # noqa: S603 - our own module, fixed arguments
        [
            sys.executable,
            "-m",
            "benchmarks.pages",
            "--repeat",
            str(repeat),
            "--reports",
            str(reports_scale),
            *([] if pages else ["--no-pages"]),
            *(["--match", match] if match else []),
        ],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE,
    ).stdout
    return json.loads(output)


def status_cell(a: dict, b: dict) -> str:
    """The HTTP status at both scales, written once when it is the same."""
    return f"{a['status']}" + ("" if a["status"] == b["status"] else f"/{b['status']}")


def statuses_ok(a: dict, b: dict) -> bool:
    return a["status"] < 400 and b["status"] < 400


def page_table(results: dict[int, dict]) -> None:
    scales = sorted(results)
    low, high = scales[0], scales[-1]
    by_key = {
        scale: {(p["role"], p["name"]): p for p in results[scale]["pages"]} for scale in scales
    }
    rows, misses = [], []
    for key in sorted(by_key[low]):
        role, name = key
        a = by_key[low][key]
        if a.get("export"):
            continue  # see export_table
        b = by_key[high].get(key, a)
        q_ok = a["queries"] == b["queries"] and b["queries"] <= targets.MAX_QUERIES
        ratio = b["median_ms"] / a["median_ms"] if a["median_ms"] else 0
        t_ok = ratio <= targets.MAX_MEDIAN_RATIO or high == low
        w_ok = b["first_load_bytes"] <= targets.MAX_FIRST_LOAD
        s_ok = statuses_ok(a, b)
        row = [
            role,
            name,
            status_cell(a, b),
            f"{a['queries']}/{b['queries']}" + flag(q_ok),
            f"{a['median_ms']:.1f}/{b['median_ms']:.1f}",
            f"{a['p95_ms']:.1f}/{b['p95_ms']:.1f}",
            f"{ratio:.2f}" + flag(t_ok),
            f"{b['html_bytes'] / 1024:.1f}",
            f"{b['first_load_bytes'] / 1024:.1f}" + flag(w_ok),
        ]
        rows.append(row)
        for ok, what in [
            (q_ok, "queries"),
            (t_ok, "median 50×/1×"),
            (w_ok, "first load"),
            (s_ok, "status"),
        ]:
            if not ok:
                misses.append(f"{role} {name}: {what}")
    if not rows:
        return misses
    print_table(
        f"Pages — scale {low} / scale {high} "
        f"({results[low]['structures']} / {results[high]['structures']} structures). "
        f"Targets: queries equal and ≤ {targets.MAX_QUERIES}; median ratio ≤ "
        f"{targets.MAX_MEDIAN_RATIO}; first load ≤ {targets.MAX_FIRST_LOAD // 1024} KB",
        [
            "role",
            "page",
            "status",
            "queries",
            "median ms",
            "p95 ms",
            "ratio",
            "HTML KB",
            "first load KB",
        ],
        rows,
    )
    return misses


EXPORTS_EXPLAINED = """\
An export returns one row per structure (or per structure and year): its time grows with its
rows by nature, so it is not held to the page target (median at 50× ≤ 1.5× the median at 1×)
but measured per row. Each export is timed twice, as it is and filtered down to no row: the
time with no row is its fixed part, held to the page ratio (≤ {ratio}); the difference over
the rows is what a row costs, given per 1,000 rows and held to ≤ {budget} ms, and to the same
figure at both scales (ratio ≤ {per_row}) when both have at least {min_rows} rows (a few dozen
rows cost about a millisecond in all, within the noise: then "—"). Queries are held to the
page target, equal at both scales and ≤ {queries}: no query per row."""


def _per_1000(figures: dict) -> float | None:
    return figures["per_1000_rows_ms"] if figures["rows"] >= targets.MIN_ROWS_TO_MEASURE else None


def export_table(results: dict[int, dict]) -> list[str]:
    scales = sorted(results)
    low, high = scales[0], scales[-1]
    by_key = {
        scale: {(p["role"], p["name"]): p for p in results[scale]["pages"] if p.get("export")}
        for scale in scales
    }
    rows, misses = [], []
    for key in sorted(by_key[low]):
        role, name = key
        a = by_key[low][key]
        b = by_key[high].get(key, a)
        q_ok = (
            a["queries"] == b["queries"]
            and a["empty_queries"] == b["empty_queries"]
            and b["queries"] <= targets.MAX_QUERIES
        )
        fixed = b["empty_median_ms"] / a["empty_median_ms"] if a["empty_median_ms"] else 0
        f_ok = fixed <= targets.MAX_MEDIAN_RATIO or high == low
        per_a, per_b = _per_1000(a), _per_1000(b)
        c_ok = per_b is None or per_b <= targets.MAX_MS_PER_1000_ROWS
        ratio = per_b / per_a if per_a and per_b is not None and high != low else None
        r_ok = ratio is None or ratio <= targets.MAX_PER_ROW_RATIO
        s_ok = statuses_ok(a, b)
        rows.append(
            [
                role,
                name,
                status_cell(a, b),
                f"{a['queries']}/{b['queries']}" + flag(q_ok),
                f"{a['rows']}/{b['rows']}",
                f"{a['median_ms']:.1f}/{b['median_ms']:.1f}",
                f"{a['empty_median_ms']:.1f}/{b['empty_median_ms']:.1f}",
                f"{fixed:.2f}" + flag(f_ok),
                "/".join("—" if v is None else f"{v:.0f}" for v in (per_a, per_b)) + flag(c_ok),
                ("—" if ratio is None else f"{ratio:.2f}") + flag(r_ok),
            ]
        )
        for ok, what in [
            (q_ok, "queries"),
            (f_ok, "fixed part 50×/1×"),
            (c_ok, "time per 1,000 rows"),
            (r_ok, "time per 1,000 rows 50×/1×"),
            (s_ok, "status"),
        ]:
            if not ok:
                misses.append(f"{role} {name}: {what}")
    print_table(
        f"Exports (CSV) — scale {low} / scale {high}. Targets: queries equal and ≤ "
        f"{targets.MAX_QUERIES}; fixed part ratio ≤ {targets.MAX_MEDIAN_RATIO}; ≤ "
        f"{targets.MAX_MS_PER_1000_ROWS} ms per 1,000 rows, ratio ≤ {targets.MAX_PER_ROW_RATIO}",
        [
            "role",
            "export",
            "status",
            "queries",
            "rows",
            "median ms",
            "no row ms",
            "ratio",
            "ms per 1,000 rows",
            "ratio",
        ],
        rows,
    )
    print(
        EXPORTS_EXPLAINED.format(
            ratio=targets.MAX_MEDIAN_RATIO,
            budget=targets.MAX_MS_PER_1000_ROWS,
            per_row=targets.MAX_PER_ROW_RATIO,
            min_rows=targets.MIN_ROWS_TO_MEASURE,
            queries=targets.MAX_QUERIES,
        )
    )
    return misses


def throughput_table(env: dict, data: dict, *, seconds: float, clients: int) -> list[str]:
    paths = data["paths"]
    staff = {"sessionid": data["sessions"].get("guyane", "")}
    pages = {"trivial (/healthz)": (paths["trivial"], {})}
    for label, path in [
        ("SIAE directory", paths["directory"]),
        ("staff home", paths["staff_home"]),
    ]:
        if path:
            pages[label] = (path, staff)
    with http.gunicorn(env) as port:
        figures = http.throughput_in_turns(port, pages, clients=clients, seconds=seconds)
    trivial = figures["trivial (/healthz)"]
    rows = [["trivial (/healthz)", f"{trivial['rps']:.0f}", "1.00", "", trivial["errors"]]]
    misses = []
    for label, path in [
        ("SIAE directory", paths["directory"]),
        ("staff home", paths["staff_home"]),
    ]:
        if label not in figures:
            rows.append([label, "—", "—", "page missing", ""])
            continue
        page = figures[label]
        ratio = page["rps"] / trivial["rps"] if trivial["rps"] else 0
        target = f"≥ {targets.MIN_DIRECTORY_RATIO}" if label == "SIAE directory" else ""
        ok = label != "SIAE directory" or ratio >= targets.MIN_DIRECTORY_RATIO
        if not ok:
            misses.append(f"{label} throughput ratio {ratio:.2f}")
        rows.append(
            [
                f"{label} ({path})",
                f"{page['rps']:.0f}",
                f"{ratio:.2f}" + flag(ok),
                target,
                page["errors"],
            ]
        )
    print_table(
        f"Throughput under gunicorn (2 workers, {clients} keep-alive clients, {seconds:.0f} s "
        "each, in five turns taken in rotation)",
        ["page", "req/s", "ratio to trivial", "target", "errors"],
        rows,
    )
    return misses


def load_table(env: dict, data: dict, *, users: int, seconds: float) -> list[str]:
    paths = data["paths"]
    reads: dict[str, list[str]] = {}
    for page in data["pages"]:
        if page["status"] == 200:
            reads.setdefault(page["role"], []).append(page["path"])
    roles = [
        role
        for role in ("guyane", "reseau", "normandie", "siae-a", "siae-b", "dieccte")
        if reads.get(role)
    ]
    plan = {
        "roles": roles,
        "sessions": data["sessions"],
        "reads": reads,
        "profile": paths["profile"],
        "profile_data": {
            "first_name": "Charge",
            "last_name": "Test",
            "job_title": "Mesure",
            "phone": "",
            "time_zone": "America/Cayenne",
        },
        "report_request": paths["report_request"],
        "report_roles": {"guyane", "reseau"},
        "report_data": {"kind": "territorial", "region": data.get("guyane_region") or ""},
    }
    with http.gunicorn(env) as port:
        result = http.load_test(port, plan, users=users, seconds=seconds)
    rows = []
    total = 0
    for action, values in sorted(result.latencies.items()):
        figures = http.summary(values)
        total += figures["count"]
        rows.append(
            [
                action,
                figures["count"],
                f"{figures['median']:.0f}",
                f"{figures['p95']:.0f}",
                f"{figures['p99']:.0f}",
                f"{figures['max']:.0f}",
            ]
        )
    print_table(
        f"Load test: {users} users across {len(roles)} roles for {seconds:.0f} s "
        f"({total / seconds:.1f} req/s) — target: zero errors",
        ["action", "requests", "median ms", "p95 ms", "p99 ms", "max ms"],
        rows,
    )
    errors = sorted(set(result.errors))
    print(f"errors: {len(result.errors)}" + flag(not result.errors))
    for error in errors[:20]:
        print(f"  {error}")
    return [f"load test: {len(result.errors)} errors"] if result.errors else []


def drop_database(name: str) -> None:
    import psycopg

    admin = urlsplit(database_url("postgres"))
    with psycopg.connect(
        host=admin.hostname,
        port=admin.port or 5432,
        user=admin.username or "postgres",
        password=admin.password,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def territories_table() -> list[str]:
    """All of France loaded into a fresh PostgreSQL database and a fresh SQLite file, then
    loaded again, then the commune search timed at that size."""
    import tempfile

    base = urlsplit(os.environ.get("DATABASE_URL", "")).path.strip("/") or "maillage"
    name = f"{base}_bench_territories"
    rows, misses = [], []
    with tempfile.TemporaryDirectory() as folder:
        backends = {
            "PostgreSQL": environment(name),
            "SQLite": {**environment(name), "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3"},
        }
        for backend, env in backends.items():
            if backend == "PostgreSQL":
                drop_database(name)
                ensure_database(name)
            print(f"  territories on {backend}: migrate, load twice, search…", flush=True)
            manage(env, "migrate", "--noinput", "-v0")
            output = subprocess.run(  # noqa: S603 - our own module, fixed arguments
                [sys.executable, "-m", "benchmarks.territories"],
                cwd=ROOT,
                env=env,
                check=True,
                text=True,
                stdout=subprocess.PIPE,
            ).stdout
            figures = json.loads(output)
            load_ok = figures["load_s"] <= targets.TERRITORIES_LOAD_SECONDS
            reload_ok = figures["reload_changes"] == 0
            search_ok = figures["search_median_ms"] <= targets.COMMUNE_SEARCH_MEDIAN_MS
            rows.append(
                [
                    backend,
                    figures["communes"],
                    f"{figures['load_s']:.1f}" + flag(load_ok),
                    f"{figures['reload_s']:.1f}",
                    f"{figures['reload_changes']}" + flag(reload_ok),
                    f"{figures['search_median_ms']:.1f}" + flag(search_ok),
                    f"{figures['search_p95_ms']:.1f}",
                ]
            )
            for ok, what in [
                (load_ok, "load of all communes"),
                (reload_ok, "second load changed rows"),
                (search_ok, "commune search median"),
            ]:
                if not ok:
                    misses.append(f"territories on {backend}: {what}")
    drop_database(name)
    print_table(
        "Territories — every commune of France (@etalab/decoupage-administratif) into a fresh "
        f"database, then again; commune search over {len(TERRITORY_QUERIES)} queries × 5. "
        f"Targets: load ≤ {targets.TERRITORIES_LOAD_SECONDS} s, second load changes nothing, "
        f"search median ≤ {targets.COMMUNE_SEARCH_MEDIAN_MS} ms",
        [
            "database",
            "communes",
            "load s",
            "second load s",
            "rows changed",
            "search median ms",
            "search p95 ms",
        ],
        rows,
    )
    return misses


def report_misses(scale: int, rows) -> list[str]:
    misses = []
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict) or "render_seconds" not in row:
            continue
        label = str(row.get("report", ""))
        seconds = float(row["render_seconds"])
        memory = float(row.get("peak_memory_mb") or 0)
        if "Guyane" in label and seconds > targets.TERRITORIAL_REPORT_SECONDS:
            misses.append(f"{label} at scale {scale}: {seconds:.1f} s")
        if "national" in label.lower() and (
            seconds > targets.NATIONAL_REPORT_SECONDS or memory > targets.NATIONAL_REPORT_PEAK_MB
        ):
            misses.append(f"{label} at scale {scale}: {seconds:.1f} s, {memory:.0f} MB")
    return misses


def report_table(results: dict[int, dict]) -> list[str]:
    misses = []
    for scale, data in sorted(results.items()):
        figures = data.get("reports")
        if figures is None:
            print(f"\nReports at scale {scale}: reports.bench is not there yet (skipped).")
            continue
        print(
            f"\nReports at scale {scale} (reports.bench.bench_reports). Targets: Guyane "
            f"territorial ≤ {targets.TERRITORIAL_REPORT_SECONDS:.0f} s; national ≤ "
            f"{targets.NATIONAL_REPORT_SECONDS:.0f} s and ≤ {targets.NATIONAL_REPORT_PEAK_MB} MB"
        )
        misses += report_misses(scale, figures)
        if isinstance(figures, list) and figures and isinstance(figures[0], dict):
            headers = list(figures[0])
            print_table("", headers, [[row.get(h, "") for h in headers] for row in figures])
        else:
            print(json.dumps(figures, indent=2, default=str))
    return misses


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="short run: scale 1, few repeats")
    parser.add_argument("--scales", default=None, help="comma-separated, default 1,50")
    parser.add_argument(
        "--only",
        default=",".join(PARTS),
        help=f"comma-separated parts to run, among {','.join(PARTS)} (default: all)",
    )
    parser.add_argument(
        "--match", default="", help="measure only the pages whose URL name matches (a regex)"
    )
    args = parser.parse_args()
    parts = set(args.only.split(","))
    if not parts <= set(PARTS):
        parser.error(f"--only takes parts among {','.join(PARTS)}")
    scales = [int(s) for s in (args.scales or ("1" if args.quick else "1,50")).split(",")]
    repeat = 5 if args.quick else 20
    seconds = 3.0 if args.quick else 10.0
    load_seconds = 10.0 if args.quick else 60.0
    users = 10 if args.quick else 50

    misses = []
    if "territories" in parts:
        misses += territories_table()
    results, envs = {}, {}
    if not parts & {"pages", "throughput", "load", "reports"}:
        scales = []
    for scale in scales:
        print(f"Scale {scale}:", flush=True)
        envs[scale] = prepare(scale)
        results[scale] = measure_pages(
            envs[scale],
            repeat=repeat,
            reports_scale=scale if "reports" in parts else 0,
            pages=bool(parts & {"pages", "load"}),
            match=args.match,
        )
    if "pages" in parts:
        misses += page_table(results)
        misses += export_table(results)
    top = scales[-1] if scales else None
    if "throughput" in parts:
        misses += throughput_table(envs[top], results[top], seconds=seconds, clients=8)
    if "load" in parts:
        misses += load_table(envs[top], results[top], users=users, seconds=load_seconds)
    if "reports" in parts:
        misses += report_table(results)
    print("\nTargets missed:" if misses else "\nEvery target met.")
    for miss in misses:
        print(f"  ✗ {miss}")


if __name__ == "__main__":
    main()
