"""Benchmarks of the portal (`make bench`, i.e. `python -m benchmarks`): figures, not tests.

First, every commune of France is loaded into a fresh PostgreSQL database and a fresh SQLite
file, then loaded again, and the commune search is timed at that size. Then, for each scale
of the demo data (`seed_demo --scale 1`, `--scale 50` and `--scale 250`, the whole of
France: about 5,000 structures, each in its own database), every main page of every role is
measured through Django's test client (SQL queries, server time median and p95, HTML size,
bytes transferred on a first and a repeat visit), the scales measured in turns so the
machine's load weighs on each alike; then gunicorn (2 workers) serves the largest scale on
127.0.0.1 for the throughput of the SIAE directory (one URL, and a new search each request)
and the staff home beside a trivial view, the time to first paint on a slow link (Chromium),
a bounded load test (50 users across roles for 60 s), the same kind of load on the
embedded default as `make run` serves it (20 people logging in, reading and saving a form
for 60 s on SQLite and runserver, a fresh copy of the demo; `--only embedded` alone), the
reports' render times, a national structures import, and what offline field work costs
(`--only offline`: the offline bundle's compressed size, the sync request of a whole visit). Targets are printed beside the figures and misses are flagged;
so is a load average above the machine's cores (timings are then pessimistic).
"""
