"""Benchmarks of the portal (`make bench`, i.e. `python -m benchmarks`): figures, not tests.

First, every commune of France is loaded into a fresh PostgreSQL database and a fresh SQLite
file, then loaded again, and the commune search is timed at that size. Then, for each scale
of the demo data (`seed_demo --scale 1` and `--scale 50`, each in its own
database), every main page of every role is measured through Django's test client (SQL
queries, server time median and p95, HTML size, first-load transferred size compressed as
whitenoise serves it); then gunicorn (2 workers) serves the portal on 127.0.0.1 for the
throughput of the SIAE directory and a staff home beside a trivial view, and for a bounded
load test (50 users across roles for 60 s). Targets are printed beside the figures and
misses are flagged.
"""
