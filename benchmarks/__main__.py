"""`python -m benchmarks [--quick]`: see the package docstring."""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from . import embedded, http, targets
from .pages import export_per_1000, percentile
from .tables import flag, print_table
from .territories import QUERIES as TERRITORY_QUERIES

ROOT = Path(__file__).absolute().parent.parent
PARTS = (
    "territories",
    "pages",
    "throughput",
    "paint",
    "load",
    "embedded",
    "reports",
    "imports",
    "offline",
)
SCALES = (1, 50, 250)
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


def module_json(module: str, env: dict, *args: str) -> dict:
    """Run `python -m <module> <args>` of the benchmarks in `env` (its own database and
    settings) and read the JSON it prints."""
    output = subprocess.run(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE,
    ).stdout
    return json.loads(output)


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
    return module_json(
        "benchmarks.pages",
        env,
        "--repeat",
        str(repeat),
        "--reports",
        str(reports_scale),
        *([] if pages else ["--no-pages"]),
        *(["--match", match] if match else []),
    )


def measure_in_rounds(envs: dict, *, repeat: int, rounds: int, match: str, pages: bool) -> dict:
    """Each scale's pages measured in `rounds` turns taken in rotation (1×, 50×, 250×, 1×…)
    and the times put together: a change in the machine's load (other people's work on
    it) then weighs on every scale alike instead of on whichever ran at the wrong moment.

    Each turn's median is kept too: the ratio between two scales is taken turn by turn
    (two measures a few seconds apart, under the same load) and the median of those ratios
    is the figure held to the target, with their spread beside it."""
    results: dict[int, dict] = {}
    per_round = max(1, repeat // rounds)
    for index in range(rounds if pages else 1):
        for scale, env in envs.items():
            what = f"pages, turn {index + 1}/{rounds}" if pages else "sessions and paths"
            print(f"  scale {scale}: {what}{load_note()}", flush=True)
            data = measure_pages(env, repeat=per_round, reports_scale=0, pages=pages, match=match)
            for page in data["pages"]:
                page["turn_medians"] = [statistics.median(page["times"])]
            if scale not in results:
                results[scale] = data
                continue
            by_key = {(p["role"], p["name"]): p for p in data["pages"]}
            for page in results[scale]["pages"]:
                later = by_key.get((page["role"], page["name"]))
                if later:
                    page["times"] += later["times"]
                    page["turn_medians"] += later["turn_medians"]
                    if page.get("export"):
                        page["empty_times"] += later["empty_times"]
    for data in results.values():
        for page in data["pages"]:
            page["median_ms"] = statistics.median(page["times"])
            page["p95_ms"] = percentile(page["times"], 0.95)
            if page.get("export"):
                page["empty_median_ms"] = statistics.median(page["empty_times"])
                page["per_1000_rows_ms"] = export_per_1000(page)
    return results


def turn_ratios(low: dict, high: dict) -> tuple[float, float, float]:
    """(median, lowest, highest) of the ratios high/low taken turn by turn (see
    `measure_in_rounds`); the ratio of the overall medians when turns are missing."""
    pairs = [
        b / a
        for a, b in zip(low.get("turn_medians", []), high.get("turn_medians", []), strict=False)
        if a
    ]
    if not pairs:
        ratio = high["median_ms"] / low["median_ms"] if low["median_ms"] else 0
        return ratio, ratio, ratio
    return statistics.median(pairs), min(pairs), max(pairs)


def load_note() -> str:
    """The load average when it is above the cores: timings are then pessimistic."""
    one, _five, _fifteen = os.getloadavg()
    cores = os.cpu_count() or 1
    if one <= cores:
        return ""
    return f" (load average {one:.1f} on {cores} cores: timings pessimistic)"


def collect_static(env: dict) -> None:
    """Static files as production serves them (hashed names, compressed copies)."""
    manage(env, "collectstatic", "--noinput", "--clear", "-v0")


def status_cell(pages: list[dict]) -> str:
    """The HTTP status at every scale, written once when it is the same."""
    statuses = [str(page["status"]) for page in pages]
    return statuses[0] if len(set(statuses)) == 1 else "/".join(statuses)


def statuses_ok(pages: list[dict]) -> bool:
    return all(page["status"] < 400 for page in pages)


def _joined(pages: list[dict], key: str, fmt: str = "{:.1f}") -> str:
    return "/".join(fmt.format(page[key]) for page in pages)


def _by_scale(results: dict[int, dict], *, exports: bool) -> tuple[list[int], dict]:
    """The scales, and {(role, name): [figures at each scale]} of the pages or exports."""
    scales = sorted(results)
    by_key = {
        scale: {
            (p["role"], p["name"]): p
            for p in results[scale]["pages"]
            if bool(p.get("export")) == exports
        }
        for scale in scales
    }
    low = by_key[scales[0]]
    return scales, {key: [by_key[s].get(key, low[key]) for s in scales] for key in sorted(low)}


def page_table(results: dict[int, dict]) -> list[str]:
    scales, pages = _by_scale(results, exports=False)
    low, high = scales[0], scales[-1]
    scale_names = "/".join(f"{s}×" for s in scales)
    rows, misses = [], []
    for (role, name), figures in pages.items():
        a, b = figures[0], figures[-1]
        queries = {page["queries"] for page in figures}
        q_ok = len(queries) == 1 and b["queries"] <= targets.MAX_QUERIES
        ratio, lowest, highest = turn_ratios(a, b)
        t_ok = ratio <= targets.MAX_MEDIAN_RATIO or high == low
        # A page with no HTML (a redirect, a health check) has nothing to weigh.
        weighed = b["html_bytes"] > 0
        w_ok = not weighed or b["first_load_bytes"] <= targets.MAX_FIRST_LOAD
        r_ok = not weighed or b["repeat_load_bytes"] <= targets.MAX_REPEAT_LOAD
        s_ok = statuses_ok(figures)
        rows.append(
            [
                role,
                name,
                status_cell(figures),
                _joined(figures, "queries", "{}") + flag(q_ok),
                _joined(figures, "median_ms"),
                _joined(figures, "p95_ms"),
                f"{ratio:.2f}" + flag(t_ok),
                f"{lowest:.2f}–{highest:.2f}",
                f"{b['html_bytes'] / 1024:.1f}",
                f"{b['first_load_bytes'] / 1024:.1f}" + flag(w_ok),
                f"{b['repeat_load_bytes'] / 1024:.1f}" + flag(r_ok),
            ]
        )
        for ok, what in [
            (q_ok, "queries"),
            (t_ok, f"median {high}×/{low}× {ratio:.2f}"),
            (w_ok, f"first load {b['first_load_bytes'] / 1024:.1f} KB"),
            (r_ok, f"repeat load {b['repeat_load_bytes'] / 1024:.1f} KB"),
            (s_ok, "status"),
        ]:
            if not ok:
                misses.append(f"{role} {name}: {what}")
    if not rows:
        return misses
    print_table(
        f"Pages — scales {scale_names} "
        f"({' / '.join(str(results[s]['structures']) for s in scales)} structures). "
        f"Targets: queries equal and ≤ {targets.MAX_QUERIES}; median {high}×/{low}× ≤ "
        f"{targets.MAX_MEDIAN_RATIO} (median of the ratios turn by turn, their spread "
        f"beside it); at {high}×, first load ≤ "
        f"{targets.MAX_FIRST_LOAD // 1024} KB and repeat visit ≤ "
        f"{targets.MAX_REPEAT_LOAD // 1024} KB (compressed){load_note()}",
        [
            "role",
            "page",
            "status",
            f"queries {scale_names}",
            "median ms",
            "p95 ms",
            f"ratio {high}×/{low}×",
            "spread",
            "HTML KB",
            "first load KB",
            "repeat KB",
        ],
        rows,
    )
    return misses


EXPORTS_EXPLAINED = """\
An export returns one row per structure (or per structure and year): its time grows with its
rows by nature, so it is not held to the page target (median at the largest scale ≤ 1.5× the
median at 1×) but measured per row. Each export is timed twice, as it is and filtered down
to no row: the time with no row is its fixed part, held to the page ratio (≤ {ratio}); the
difference over the rows is what a row costs, given per 1,000 rows and held to ≤ {budget} ms,
and to the same figure at every scale (ratio ≤ {per_row}) where there are at least
{min_rows} rows (a few dozen rows cost about a millisecond in all, within the noise: then
"—"). Queries are held to the page target, equal at every scale and ≤ {queries}: no query
per row."""


def _per_1000(figures: dict) -> float | None:
    return figures["per_1000_rows_ms"] if figures["rows"] >= targets.MIN_ROWS_TO_MEASURE else None


def export_table(results: dict[int, dict]) -> list[str]:
    scales, exports = _by_scale(results, exports=True)
    low, high = scales[0], scales[-1]
    scale_names = "/".join(f"{s}×" for s in scales)
    rows, misses = [], []
    for (role, name), figures in exports.items():
        a, b = figures[0], figures[-1]
        q_ok = (
            len({page["queries"] for page in figures}) == 1
            and len({page["empty_queries"] for page in figures}) == 1
            and b["queries"] <= targets.MAX_QUERIES
        )
        fixed = b["empty_median_ms"] / a["empty_median_ms"] if a["empty_median_ms"] else 0
        f_ok = fixed <= targets.MAX_MEDIAN_RATIO or high == low
        per_row = [_per_1000(page) for page in figures]
        c_ok = all(v is None or v <= targets.MAX_MS_PER_1000_ROWS for v in per_row)
        # The cost of a row compared between the smallest and the largest scale that have
        # enough rows to measure it.
        measured = [v for v in per_row if v]
        ratio = measured[-1] / measured[0] if len(measured) >= 2 else None
        r_ok = ratio is None or ratio <= targets.MAX_PER_ROW_RATIO
        s_ok = statuses_ok(figures)
        rows.append(
            [
                role,
                name,
                status_cell(figures),
                _joined(figures, "queries", "{}") + flag(q_ok),
                _joined(figures, "rows", "{}"),
                _joined(figures, "median_ms"),
                _joined(figures, "empty_median_ms"),
                f"{fixed:.2f}" + flag(f_ok),
                "/".join("—" if v is None else f"{v:.0f}" for v in per_row) + flag(c_ok),
                ("—" if ratio is None else f"{ratio:.2f}") + flag(r_ok),
            ]
        )
        for ok, what in [
            (q_ok, "queries"),
            (f_ok, f"fixed part {high}×/{low}× {fixed:.2f}"),
            (c_ok, "time per 1,000 rows"),
            (r_ok, "time per 1,000 rows between scales"),
            (s_ok, "status"),
        ]:
            if not ok:
                misses.append(f"{role} {name}: {what}")
    if not rows:
        return misses
    print_table(
        f"Exports (CSV) — scales {scale_names}. Targets: queries equal and ≤ "
        f"{targets.MAX_QUERIES}; fixed part {high}×/{low}× ≤ {targets.MAX_MEDIAN_RATIO}; ≤ "
        f"{targets.MAX_MS_PER_1000_ROWS} ms per 1,000 rows, the same at every scale (ratio ≤ "
        f"{targets.MAX_PER_ROW_RATIO}){load_note()}",
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


def throughput_table(
    env: dict, data: dict, *, seconds: float, clients: int, turns: int = 5
) -> list[str]:
    """The trivial view, and the directory and the staff home as people use them: the
    directory with one URL asked again and again (its cache answers) and with a new search
    at each request (it never does); the staff home of regional staff, and of national
    staff going from one region to the next."""
    paths = data["paths"]
    regional = {"sessionid": data["sessions"].get("guyane", "")}
    national = {"sessionid": data["sessions"].get("reseau", "")}
    pages: dict[str, tuple] = {"trivial (/healthz)": (paths["trivial"], {}, None)}
    searches = data.get("searches")
    if paths["directory"]:
        pages[f"SIAE directory, one URL ({paths['directory']})"] = (
            paths["directory"],
            regional,
            None,
        )
        if searches:
            pages["SIAE directory, a new search each request"] = (
                http.Searches(paths["directory"], **searches),
                national,
                targets.MIN_DIRECTORY_RATIO,
            )
    if paths["staff_home"]:
        pages[f"staff home, regional staff ({paths['staff_home']})"] = (
            paths["staff_home"],
            regional,
            targets.MIN_STAFF_HOME_RATIO,
        )
        if data.get("region_codes"):
            pages["staff home, national staff, a new region each request"] = (
                http.Rotation(paths["staff_home"], "region", data["region_codes"]),
                national,
                None,
            )
    print(f"  throughput{load_note()}", flush=True)
    with http.gunicorn(env) as port:
        figures = http.throughput_in_turns(
            port,
            {label: (path, cookies) for label, (path, cookies, _target) in pages.items()},
            clients=clients,
            seconds=seconds,
            rounds=turns,
        )
    trivial = figures["trivial (/healthz)"]
    rows, misses = [], []
    for label, (_path, _cookies, target) in pages.items():
        page = figures[label]
        # The ratio turn by turn (each page just after the trivial view, under the same
        # load), its median held to the target and its spread shown.
        ratios = [b / a for a, b in zip(trivial["turns"], page["turns"], strict=True) if a]
        ratio = statistics.median(ratios) if ratios else 0
        ok = target is None or ratio >= target
        if not ok:
            misses.append(f"{label}: throughput ratio {ratio:.2f} (target ≥ {target})")
        if page["errors"]:
            ok = False
            misses.append(f"{label}: {page['errors']} errors")
        rows.append(
            [
                label,
                f"{page['rps']:.1f}",
                f"{ratio:.2f}" + flag(ok),
                f"{min(ratios, default=0):.2f}–{max(ratios, default=0):.2f}",
                "" if target is None else f"≥ {target}",
                page["errors"],
            ]
        )
    print_table(
        f"Throughput at scale {data['structures']} structures under gunicorn (2 workers, "
        f"{clients} keep-alive clients, {seconds:.0f} s each, in {turns} turns taken in "
        f"rotation; the ratio is the median of the turns' ratios){load_note()}",
        ["page", "req/s", "ratio to trivial", "spread", "target", "errors"],
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
            figures = module_json("benchmarks.territories", env)
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


def embedded_table(*, users: int, seconds: float) -> list[str]:
    """The same kind of load on `make run` as it is: SQLite, runserver, tasks in-process."""
    result, problems = embedded.run(users=users, seconds=seconds)
    rows, total = [], 0
    for action, values in sorted(result.latencies.items()):
        figures = http.summary(values)
        total += figures["count"]
        errors = sum(1 for error in result.errors if error.startswith(f"{action}:"))
        rows.append(
            [
                action,
                figures["count"],
                errors,
                f"{figures['median']:.0f}",
                f"{figures['p95']:.0f}",
                f"{figures['max']:.0f}",
            ]
        )
    print_table(
        f"Load test on the embedded default (make run: SQLite, runserver): {users} people "
        f"logging in, reading and saving a form for {seconds:.0f} s ({total / seconds:.1f} "
        "req/s) — target: zero errors",
        ["action", "requests", "errors", "median ms", "p95 ms", "max ms"],
        rows,
    )
    print(f"requests: {total}, errors: {len(result.errors)}" + flag(not result.errors))
    for error in sorted(set(result.errors))[:20]:
        print(f"  {error}")
    if problems:
        print(f"  server log:\n{problems}")
    return [f"embedded load test: {len(result.errors)} errors"] if result.errors else []


def report_misses(scale: int, rows) -> list[str]:
    misses = []
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict) or "render_seconds" not in row:
            continue
        seconds = float(row["render_seconds"])
        memory = float(row.get("peak_rss_mb") or row.get("peak_memory_mb") or 0)
        limit = (
            targets.GUYANE_REPORT_SECONDS
            if scale == 1 and "Guyane" in row.get("report", "")
            else targets.REPORT_SECONDS
        )
        if seconds > limit or memory > targets.REPORT_PEAK_MB:
            misses.append(
                f"{row.get('report', '')} at scale {scale}: {seconds:.1f} s "
                f"(target {limit:.0f} s), {memory:.0f} MB"
            )
        if str(row.get("directory", "")).startswith("MISMATCH"):
            misses.append(
                f"{row.get('report', '')} at scale {scale}: counts differ from the directory "
                f"({row['directory']})"
            )
    return misses


def report_table(results: dict[int, dict]) -> list[str]:
    misses = []
    for scale, data in sorted(results.items()):
        figures = data.get("reports")
        if figures is None:
            print(f"\nReports at scale {scale}: reports.bench is not there yet (skipped).")
            continue
        print(
            f"\nReports at scale {scale} (reports.bench.bench_reports: the whole render, and "
            f"WeasyPrint alone on the same HTML). Targets: Guyane at scale 1 ≤ "
            f"{targets.GUYANE_REPORT_SECONDS:.0f} s, the others ≤ {targets.REPORT_SECONDS:.0f} s "
            f"and ≤ {targets.REPORT_PEAK_MB} MB at its peak{load_note()}"
        )
        misses += report_misses(scale, figures)
        if isinstance(figures, list) and figures and isinstance(figures[0], dict):
            headers = list(figures[0])
            print_table("", headers, [[row.get(h, "") for h in headers] for row in figures])
        else:
            print(json.dumps(figures, indent=2, default=str))
    return misses


def offline_table(env: dict) -> list[str]:
    """The offline bundle's compressed weight and the sync request of a whole visit."""
    from . import offline

    data = module_json("benchmarks.offline", env)
    rows = [[item["what"], f"{item['bytes'] / 1024:.1f}"] for item in data["files"] + data["pages"]]
    total = sum(item["bytes"] for item in data["files"] + data["pages"])
    bundle_ok = total <= offline.MAX_BUNDLE and all(p["status"] == 200 for p in data["pages"])
    rows.append(["offline bundle, total", f"{total / 1024:.1f}" + flag(bundle_ok)])
    sync = data["sync"]
    sync_ok = (
        sync["bytes"] <= offline.MAX_SYNC_REQUEST
        and sync["status"] == 200
        and sync["results"] == ["applied"]
    )
    rows.append(
        [
            f"sync request of a whole visit ({sync['changes']} changes, JSON; "
            f"{sync['gzip_bytes'] / 1024:.1f} KB if gzipped; results {'/'.join(sync['results'])})",
            f"{sync['bytes'] / 1024:.1f}" + flag(sync_ok),
        ]
    )
    print_table(
        f"Offline field work. Targets: bundle (files kept by the service worker, a prepared "
        f"visit and meeting with their JSON copies) ≤ {offline.MAX_BUNDLE // 1024} KB compressed; "
        f"sync of a whole visit one request ≤ {offline.MAX_SYNC_REQUEST // 1024} KB, every change "
        f"applied",
        ["what", "KB"],
        rows,
    )
    misses = []
    if not bundle_ok:
        misses.append(f"offline bundle {total / 1024:.1f} KB")
    if not sync_ok:
        misses.append(f"offline sync request {sync['bytes'] / 1024:.1f} KB, {sync['results']}")
    return misses


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="short run: scale 1, few repeats")
    parser.add_argument(
        "--scales", default=None, help=f"comma-separated, default {','.join(map(str, SCALES))}"
    )
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
    default = "1" if args.quick else ",".join(map(str, SCALES))
    scales = sorted(int(s) for s in (args.scales or default).split(","))
    repeat = 4 if args.quick else 36
    rounds = 2 if args.quick else 6
    seconds = 3.0 if args.quick else 18.0
    turns = 3 if args.quick else 6
    load_seconds = 10.0 if args.quick else 60.0
    users = 10 if args.quick else 50

    started = time.monotonic()
    print(f"Starting{load_note() or ' (load average ' + f'{os.getloadavg()[0]:.1f})'}")
    misses: list[str] = []

    def part(name: str, run) -> None:
        """A part that fails is a miss of its own, and the others still run."""
        try:
            misses.extend(run())
        except Exception as error:  # noqa: BLE001 - reported in the misses, run goes on
            print(f"\n✗ {name} failed: {error!r}", flush=True)
            misses.append(f"{name}: failed ({type(error).__name__}: {error})")

    if "territories" in parts:
        part("territories", territories_table)
    if not parts & {"pages", "throughput", "paint", "load", "reports", "imports"}:
        scales = []
    envs = {}
    for scale in scales:
        print(f"Scale {scale}:", flush=True)
        envs[scale] = prepare(scale)
    if scales:
        collect_static(envs[scales[0]])
    results = (
        measure_in_rounds(
            envs,
            repeat=repeat,
            rounds=rounds,
            match=args.match,
            pages=bool(parts & {"pages", "load"}),
        )
        if scales
        else {}
    )
    top = scales[-1] if scales else None
    if "pages" in parts:
        part("pages", lambda: page_table(results))
        part("exports", lambda: export_table(results))
    if "throughput" in parts:
        part(
            "throughput",
            lambda: throughput_table(
                envs[top], results[top], seconds=seconds, clients=8, turns=turns
            ),
        )
    if "paint" in parts:
        from . import paint

        print(f"  first paint{load_note()}", flush=True)
        part("first paint", lambda: paint.paint_table(envs[top], results[top]))
    if "load" in parts:
        part(
            "load test",
            lambda: load_table(envs[top], results[top], users=users, seconds=load_seconds),
        )
    if "embedded" in parts:
        part("embedded", lambda: embedded_table(users=20, seconds=15.0 if args.quick else 60.0))
    if "reports" in parts:

        def reports_part():
            reports = {}
            for scale in scales:
                print(f"  reports at scale {scale}{load_note()}", flush=True)
                reports[scale] = measure_pages(
                    envs[scale], repeat=1, reports_scale=scale, pages=False
                )
            return report_table(reports)

        part("reports", reports_part)
    if "imports" in parts:
        from . import imports

        part("imports", lambda: imports.import_table(envs[top]))
    if "offline" in parts:
        if not scales:
            print("Scale 1:", flush=True)
            envs[1] = prepare(1)
            collect_static(envs[1])
        part("offline", lambda: offline_table(envs[min(envs)]))
    minutes = (time.monotonic() - started) / 60
    print(f"\nRun: {', '.join(sorted(parts))} at scales {scales or '—'} in {minutes:.1f} min.")
    if misses:
        print(f"Targets missed ({len(misses)}), each marked ✗ in its table above:")
    else:
        print("Every target met.")
    for miss in misses:
        print(f"  ✗ {miss}")


if __name__ == "__main__":
    main()
