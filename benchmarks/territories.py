"""`python -m benchmarks.territories`: every commune of France loaded into a fresh database
(after `migrate`, which brings the demo communes), loaded again (nothing to change), then
the commune search timed at that size. Prints one JSON object."""

import json
import statistics
import time

import django

# Names as people type them: accents, abbreviations, postcodes, INSEE and former codes,
# prefixes and parts of names.
QUERIES = [
    "saint laurent",
    "St Laurent du Maroni",
    "97320",
    "97311",
    "remire",
    "Rémire-Montjoly",
    "cayenne",
    "mamoudzou",
    "ajaccio",
    "20004",
    "paris",
    "75101",
    "marseille",
    "ste marie",
    "l'hay les roses",
    "sur mer",
    "villeneuve",
    "bourg",
    "14000",
    "2A",
]


def main() -> None:
    django.setup()
    from territories.models import Commune
    from territories.search import commune_search
    from territories.services import territories_load

    started = time.perf_counter()
    first = territories_load()
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    second = territories_load()
    reload_s = time.perf_counter() - started
    for query in QUERIES:  # warm the connection and the caches once
        commune_search(query)
    timings = []
    for _turn in range(5):
        for query in QUERIES:
            started = time.perf_counter()
            commune_search(query)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    print(
        json.dumps(
            {
                "communes": Commune.objects.count(),
                "load_s": load_s,
                "load_changes": first.changed,
                "reload_s": reload_s,
                "reload_changes": second.changed,
                "queries": len(QUERIES),
                "search_median_ms": statistics.median(timings),
                "search_p95_ms": timings[int(len(timings) * 0.95) - 1],
            }
        )
    )


if __name__ == "__main__":
    main()
