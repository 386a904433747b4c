"""Settings shared by every environment, read from the environment (twelve-factor).

local.py (`make run`), test.py (`make test`) and production.py only change what differs.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("MAILLAGE_SITE_URL", default="http://127.0.0.1:8000")

# --- Applications -------------------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Form widgets rendered by the project's engine (core.forms_renderer), templates/ first.
    "django.forms",
    "phonenumber_field",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "simple_history",
    "csp",
    "core",
    "territories",
    "accounts",
    "network",
    "structures",
    "diagnostics",
    "events",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.SqliteWriteTransactionMiddleware",
    "core.middleware.StripNulBytesMiddleware",
    "core.middleware.FrenchByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.middleware.TimezoneMiddleware",
    "core.middleware.StaffMfaMiddleware",
    # Last: every view passes through the one authorization layer (core/access.py).
    "core.access.AccessMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "core.context_processors.navigation",
            ],
        },
    }
]

# One way of writing every form: each field with its label, hint and error tied to the input
# (templates/core/forms/), and the page's error summary (templates/core/_error_summary.html).
FORM_RENDERER = "core.renderers.FormRenderer"
# The empty choice of list filters ("---------" otherwise); forms say "— Choisir —".
FILTERS_EMPTY_CHOICE_LABEL = _("— Tous —")
# National numbers are French; overseas ones are read in their département (core.forms).
PHONENUMBER_DEFAULT_REGION = "FR"
PHONENUMBER_DB_FORMAT = "E164"

# --- Data ---------------------------------------------------------------------------------

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves a whole team. Readers never wait for a writer (WAL); a
    # write transaction takes the write lock as it begins (IMMEDIATE), so two requests never
    # both read and then both try to write (which SQLite can only refuse at once with
    # "database is locked"); a writer waits its turn for up to 30 s. Requests that may
    # write (POST…) run in one such transaction, reads in none, so a page read never holds
    # the lock: core.middleware.SqliteWriteTransactionMiddleware instead of ATOMIC_REQUESTS.
    DATABASES["default"]["ATOMIC_REQUESTS"] = False
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=30000; PRAGMA synchronous=NORMAL"
            ),
            "transaction_mode": "IMMEDIATE",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("MAILLAGE_CACHE_PREFIX", default="maillage"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Files --------------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MAILLAGE_MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"  # never served directly: private files go through permission-checked views

AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    # S3-compatible object storage shared by every web and worker host.
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default=None)
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    AWS_S3_FILE_OVERWRITE = False
    DEFAULT_STORAGE = {"BACKEND": "storages.backends.s3.S3Storage"}
else:
    DEFAULT_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT},
    }
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded documents and import files (the reverse proxy's body limit must be a bit above).
MAILLAGE_DOCUMENT_MAX_BYTES = env.int("MAILLAGE_DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
# Every commune of France: the npm package @etalab/decoupage-administratif, installed by
# `npm ci` (make assets) and read by `manage.py territories_load`.
MAILLAGE_DECOUPAGE_DIR = env.path(
    "MAILLAGE_DECOUPAGE_DIR",
    default=BASE_DIR / "node_modules" / "@etalab" / "decoupage-administratif" / "data",
)
MAILLAGE_IMPORT_MAX_BYTES = env.int("MAILLAGE_IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760

# --- Accounts -----------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
# One login address per account: a new one replaces it once confirmed (staff only, see
# accounts.forms.AddEmailForm); managers and partners keep the address they were invited at.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_FORMS = {"add_email": "accounts.forms.AddEmailForm"}
# Failed logins are counted per address (the `ip` rate) and per address *and* account (the
# `key` rate: accounts.adapters.AccountAdapter puts the address in the key), never per
# account alone: someone else's failures, from elsewhere, never refuse a right password.
# An office behind one address typing wrong passwords stays well under 30 in 10 minutes.
# Password reset and e-mail confirmation are counted the same way, whether or not the
# address has an account, so the limits say nothing about which addresses exist.
ACCOUNT_RATE_LIMITS = {
    "login": "60/m/ip",
    "login_failed": "30/10m/ip,10/10m/key",
    "reset_password": "20/10m/ip,3/10m/key",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "manage_email": "10/10m/user",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
}
# The longest window above: what the "too many requests" page tells people to wait at most.
MAILLAGE_RATE_LIMIT_MINUTES = 10
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Maillage"
# Network staff must set up TOTP before using the back office (accounts without the
# `mfa_exempt` flag); production turns it on.
MAILLAGE_STAFF_REQUIRE_MFA = env.bool("MAILLAGE_STAFF_REQUIRE_MFA", default=False)
MAILLAGE_INVITATION_MAX_AGE_DAYS = env.int("MAILLAGE_INVITATION_MAX_AGE_DAYS", default=14)
# Events: reminder to registered people this many hours before; organisers warned about
# few registrations this many days before.
MAILLAGE_EVENT_REMINDER_HOURS = env.int("MAILLAGE_EVENT_REMINDER_HOURS", default=48)
MAILLAGE_EVENT_LOW_REGISTRATION_DAYS = env.int("MAILLAGE_EVENT_LOW_REGISTRATION_DAYS", default=7)
# Attendance is recorded from a meeting's start until this many days after its end (the
# signed sheet often comes back from a remote commune days later).
MAILLAGE_ATTENDANCE_DAYS_AFTER = env.int("MAILLAGE_ATTENDANCE_DAYS_AFTER", default=30)
# Visits and meetings prepared for offline use stay on the device at most this many days
# (static/js/offline.js clears them after, unless changes wait to be sent).
MAILLAGE_OFFLINE_DAYS = env.int("MAILLAGE_OFFLINE_DAYS", default=7)

# --- E-mail -------------------------------------------------------------------------------

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Maillage <ne-pas-repondre@maillage.test>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Maillage] "

# --- Internationalisation -----------------------------------------------------------------

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
# Storage is UTC; pages are shown in the viewer's territory zone (core.middleware).
TIME_ZONE = "Europe/Paris"

# --- Celery -------------------------------------------------------------------------------

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Recycle worker processes so a long PDF render never leaves memory behind.
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("MAILLAGE_WORKER_MAX_TASKS_PER_CHILD", default=50)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("MAILLAGE_WORKER_MAX_MEMORY_KB", default=400_000)
CELERY_TASK_DEFAULT_QUEUE = env("MAILLAGE_CELERY_QUEUE", default="maillage")
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE: dict = {}

# --- Security -----------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
# Sessions are read from the cache and written through to the database (core.sessions).
SESSION_ENGINE = "core.sessions"
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
