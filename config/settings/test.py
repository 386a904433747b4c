"""`make test`: PostgreSQL and Redis are required (the Makefile makes sure they answer)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-not-secret-8d1e4c7b2a"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests read the e-mails in memory; the Celery worker a test starts writes them to files
# (EMAIL_URL, see tests/worker.py) for the test to read.
if not env("EMAIL_URL", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Rate limits are exercised by their own test, which turns them back on.
ACCOUNT_RATE_LIMITS = False
# Unit tests run tasks in-process; tests about tasks start a real worker on Redis
# (tests/conftest.py `celery_worker_process`).
CELERY_TASK_ALWAYS_EAGER = env.bool("MAILLAGE_TASKS_EAGER", default=True)
DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/maillage")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Static files straight from the source folders (no collectstatic before the tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
