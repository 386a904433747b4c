"""Production settings for the benchmarks, with the static files collected as in production
(hashed names, Brotli and gzip copies: `python -m benchmarks` runs collectstatic first) into
a folder of their own, so page weights are what a browser would transfer."""

from config.settings.production import *  # noqa: F403
from config.settings.production import BASE_DIR

STATIC_ROOT = BASE_DIR / "bench-results" / "static"
