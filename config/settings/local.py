"""`make run`: the portal on one machine, SQLite by default, tasks in-process without Redis."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-only-not-secret-3c2f6b0a9d")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
