"""`make run`: the portal on one machine, SQLite by default, tasks in-process without Redis.

It behaves as its users will see it: no debug page, the portal's own error pages. `make dev`
(or `MAILLAGE_DEBUG=1`) turns Django's debugging on for the developer."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("MAILLAGE_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-only-not-secret-3c2f6b0a9d")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
