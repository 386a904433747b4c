"""Measure every main page of every role in one database (run as a subprocess by
`python -m benchmarks`, with DATABASE_URL set to that scale's database); prints JSON.

Pages come from the role-by-URL specs (tests/<app>/access_spec.py): the GET URLs without
arguments each role may open, plus the detail pages whose demo object the spec names.

Weights are what a browser transfers: the HTML compressed as the reverse proxy sends it
(gzip), and each stylesheet and script as whitenoise serves it from the collected static
files (the Brotli or gzip copy, with its cache headers). A repeat visit fetches the HTML
again and every file that is not cached for good (hashed name, `immutable`).
"""

import argparse
import csv
import gzip
import io
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).absolute().parent.parent
DETAIL_NAMES = re.compile(r"(detail|member_structure|public_profile|diagnostic|visit)$")
# Exports return one row per object: they are measured per row (see `measure_export`).
EXPORT_NAMES = re.compile(r"export")
# The directory's search with no match: the same export with no row, for its fixed cost.
NO_ROWS = "q=benchmark-no-structure-has-this-name"
EXPORT_REPEAT_FACTOR = 3  # exports are timed more often: their per-row figure is a difference


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # locmem e-mail, 'testserver' allowed


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def static_assets(html: str) -> list[str]:
    css = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    js = re.findall(r'<script[^>]+src="([^"]+)"', html)
    return css + js


def compressed_size(data: bytes) -> int:
    """The HTML as the reverse proxy sends it (gzip; level 6, the usual setting)."""
    return len(gzip.compress(data, compresslevel=6))


# A year or more: the browser does not ask again (whitenoise gives hashed files ten years).
CACHED_FOR_GOOD = 365 * 24 * 3600


def asset_transfer(client, url: str, *, seen: dict) -> tuple[int, bool]:
    """(bytes transferred, cached for good) for a static file, asked as a browser asks
    (`Accept-Encoding: br, gzip`) from whitenoise."""
    if url not in seen:
        response = client.get(url, HTTP_ACCEPT_ENCODING="br, gzip")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        size = len(body) if response.status_code == 200 else 0
        cache_control = response.get("Cache-Control", "")
        max_age = re.search(r"max-age=(\d+)", cache_control)
        for_good = "immutable" in cache_control or (
            bool(max_age) and int(max_age.group(1)) >= CACHED_FOR_GOOD
        )
        seen[url] = (size, for_good)
    return seen[url]


def discover(demo: dict) -> dict[str, list[tuple[str, str]]]:
    """{role: [(name, path)]} of the main pages."""
    from django.urls import reverse

    from tests.access import ROLES
    from tests.core.test_access import load_specs, project_patterns

    specs = load_specs()
    # One role of each kind: national staff, regional staff, a manager, a partner agent
    # (the superuser, the other region and the other manager see the same pages).
    measured = ("reseau", "guyane", "siae-a", "dieccte")
    pages: dict[str, list[tuple[str, str]]] = {role: [] for role in ROLES if role in measured}
    for name, pattern in project_patterns():
        spec = specs[name]
        if spec.method != "get":
            continue
        has_args = bool(pattern.pattern.converters)
        if has_args and not DETAIL_NAMES.search(name):
            continue
        try:
            path = reverse(name, kwargs=spec.kwargs() if spec.kwargs else None)
        except Exception:  # noqa: BLE001, S112 - an object the spec builds for tests only
            continue
        for role in pages:
            if role in spec.allowed and role in demo:
                pages[role].append((name, path))
                for label, query in _queries(name):
                    pages[role].append((f"{name}{label}", f"{path}?{query}"))
    return pages


def _queries(name: str) -> list[tuple[str, str]]:
    """The same page with the query strings users send most: a search, a chosen structure
    (forms opened from a structure's page)."""
    from structures.models import Structure

    structure = Structure.objects.filter(name="APROSEP").values_list("pk", flat=True).first()
    searches = {
        "structures:directory": [("?q", "q=cayenne")],
        "diagnostics:visit_create": [
            ("?q", "q=insertion"),
            ("?structure", f"structure={structure}"),
        ],
        "diagnostics:accompaniment_create": [
            ("?q", "q=insertion"),
            ("?structure", f"structure={structure}"),
        ],
    }
    return searches.get(name, [])


def timed(client, path: str, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(path).getvalue()  # a streamed response is timed to its last byte
        times.append((time.perf_counter() - start) * 1000)
    return times


def measure(client, path: str, repeat: int) -> dict:
    from django.db import connection

    client.get(path).getvalue()  # warm-up: caches, template loading
    statements = []

    def count(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    # (Django clears connection.queries when a request starts: count with a wrapper.)
    with connection.execute_wrapper(count):
        response = client.get(path)
        html = response.getvalue()
    times = timed(client, path, repeat)
    assets = [asset_transfer(client, url, seen=ASSETS) for url in static_assets(html.decode())]
    html_transfer = compressed_size(html)
    return {
        "status": response.status_code,
        "queries": len(statements),
        "times": times,
        "median_ms": statistics.median(times),
        "p95_ms": percentile(times, 0.95),
        "html_bytes": len(html),
        "first_load_bytes": html_transfer + sum(size for size, _cached in assets),
        "repeat_load_bytes": html_transfer + sum(size for size, cached in assets if not cached),
        "body": html,
    }


ASSETS: dict = {}  # url -> (bytes, cached for good), asked once per run


def csv_rows(body: bytes) -> int:
    text = body.decode("utf-8-sig", errors="replace")
    return max(0, len(list(csv.reader(io.StringIO(text), delimiter=";"))) - 1)


def measure_export(client, path: str, repeat: int) -> dict:
    """An export (CSV, the default format) with all its rows and with none: the difference
    is what its rows cost, given per 1,000 rows."""
    figures = measure(client, path, repeat * EXPORT_REPEAT_FACTOR)
    empty_path = f"{path}{'&' if '?' in path else '?'}{NO_ROWS}"
    empty = measure(client, empty_path, repeat * EXPORT_REPEAT_FACTOR)
    rows = csv_rows(figures["body"])
    per_row = (figures["median_ms"] - empty["median_ms"]) / rows if rows else 0
    return {
        **figures,
        "export": True,
        "rows": rows,
        "empty_rows": csv_rows(empty["body"]),
        "empty_median_ms": empty["median_ms"],
        "empty_times": empty["times"],
        "empty_queries": empty["queries"],
        "per_1000_rows_ms": per_row * 1000,
    }


def export_per_1000(figures: dict) -> float:
    """What 1,000 rows of an export cost: its median less its median with no row."""
    rows = figures["rows"]
    return (figures["median_ms"] - figures["empty_median_ms"]) / rows * 1000 if rows else 0


def sessions(demo: dict) -> dict[str, str]:
    """A session cookie per role, for the HTTP clients (logins via session cookies)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore  # noqa: N806
    cookies = {}
    for role, user in demo.items():
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.set_expiry(3600 * 4)
        store.create()
        cookies[role] = store.session_key
    return cookies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--reports", type=int, default=0, help="scale for reports.bench")
    parser.add_argument(
        "--no-pages", action="store_true", help="sessions and paths only (for throughput)"
    )
    parser.add_argument("--match", default="", help="only the pages whose name matches")
    args = parser.parse_args()
    setup_django()
    from django.test import Client

    from accounts.models import User
    from structures.models import Structure

    demo = {
        user.email.split("@")[0]: user
        for user in User.objects.filter(email__endswith="@demo.maillage.test")
    }
    result = {"structures": Structure.objects.count(), "pages": [], "sessions": sessions(demo)}
    for role, pages in ({} if args.no_pages else discover(demo)).items():
        client = Client(raise_request_exception=False)  # a broken page is a 500 in the table
        client.force_login(demo[role], backend="django.contrib.auth.backends.ModelBackend")
        for name, path in pages:
            if not re.search(args.match, name):
                continue
            if EXPORT_NAMES.search(name):
                figures = measure_export(client, path, args.repeat)
            else:
                figures = measure(client, path, args.repeat)
            del figures["body"]
            result["pages"].append({"role": role, "name": name, "path": path, **figures})
    result["paths"] = {
        "directory": _reverse_or_none("structures:directory"),
        "staff_home": _reverse_or_none("network:staff_home"),
        "member_home": _reverse_or_none("structures:member_home"),
        "trivial": _reverse_or_none("healthz"),
        "profile": _reverse_or_none("accounts:profile"),
        "report_request": _reverse_or_none("reports:request"),
    }
    result["guyane_region"] = _guyane_region()
    result["searches"] = _searches()
    result["region_codes"] = _region_codes()
    if args.reports:
        result["reports"] = _bench_reports(args.reports)
    json.dump(result, sys.stdout, default=str)


def _reverse_or_none(name: str):
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _searches(count: int = 150) -> dict:
    """What the throughput's directory searches are drawn from: words of the structures'
    names (a few rows to a few hundred each), every kind, every sort in both directions."""
    from structures.enums import StructureKind
    from structures.filters import StructureFilter
    from structures.models import Structure

    words = sorted(
        {
            word
            for name in Structure.objects.values_list("search_name", flat=True)
            for word in name.split()
            if len(word) >= 4
        }
    )
    step = max(1, len(words) // count)
    sorts = [
        f"{sign}{value}"
        for value, _label in StructureFilter.base_filters["sort"].extra["choices"]
        if not value.startswith("-")
        for sign in ("", "-")
    ]
    return {"words": words[::step][:count], "kinds": list(StructureKind.values), "sorts": sorts}


def _region_codes() -> list[str]:
    from territories.models import Region

    return list(Region.objects.order_by("code").values_list("code", flat=True))


def _guyane_region():
    from territories.models import Region

    region = Region.objects.filter(name__icontains="Guyane").first()
    return region.pk if region else None


def _bench_reports(scale: int):
    try:
        from reports import bench
    except ImportError:
        return None
    stdout = sys.stdout
    sys.stdout = sys.stderr  # keep stdout for the JSON
    try:
        return bench.bench_reports(scale)
    finally:
        sys.stdout = stdout


if __name__ == "__main__":
    main()
