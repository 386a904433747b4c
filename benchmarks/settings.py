"""Production settings for the benchmarks, with static files found in the source folders
(no collectstatic: the figures are about pages; first-load sizes are computed from the
source files, compressed as whitenoise would serve them)."""

from config.settings.production import *  # noqa: F403
from config.settings.production import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
