import zoneinfo

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone


class TimezoneMiddleware:
    """Show dates in the viewer's territory zone (Guyane: America/Cayenne, UTC−3)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        name = getattr(user, "time_zone", None) if user and user.is_authenticated else None
        try:
            timezone.activate(zoneinfo.ZoneInfo(name or settings.TIME_ZONE))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class StaffMfaMiddleware:
    """Where the setting requires it, staff set up TOTP before using the portal."""

    SESSION_KEY = "maillage_mfa_ok"
    ALLOWED_PREFIXES = (
        "/accounts/",
        "/static/",
        "/i18n/",
        "/healthz",
        "/sw.js",
        "/manifest.webmanifest",
        "/hors-connexion/",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.MAILLAGE_STAFF_REQUIRE_MFA
            and user is not None
            and user.is_authenticated
            and user.is_network_staff
            and not user.mfa_exempt
            and not request.session.get(self.SESSION_KEY)
            and not request.path.startswith(self.ALLOWED_PREFIXES)
        ):
            from allauth.mfa.models import Authenticator

            if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                request.session[self.SESSION_KEY] = True
            else:
                return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


class FrenchByDefaultMiddleware:
    """The portal speaks French unless the person picks English with the language switch.

    The browser's Accept-Language header is set aside so that a network-staff member with an
    English-language browser still gets the French interface their colleagues see; the
    choice made in the footer (a cookie) is what LocaleMiddleware then honours.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class StripNulBytesMiddleware:
    """Drop NUL characters from query strings before any view reads them.

    PostgreSQL refuses NUL in text, so a search box fed `%00` would otherwise end in a
    server error; form fields already refuse NUL with a message (Django's
    ProhibitNullCharactersValidator), this covers the GET parameters views read directly.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.META.get("QUERY_STRING", "") or "%00" in request.META.get(
            "QUERY_STRING", ""
        ):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)


class SqliteWriteTransactionMiddleware:
    """On SQLite (the embedded default), a request that may write runs in one transaction,
    begun IMMEDIATE (settings: the write lock is taken at once, or waited for), and is
    rolled back if it ends in a server error, as ATOMIC_REQUESTS does on PostgreSQL. Page
    reads (GET, HEAD) run without a transaction, so that in WAL mode they never wait.

    Views marked `transaction.non_atomic_requests` (the login, whose password check takes
    a second of CPU) write in autocommit: they must not hold the lock while they think."""

    SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

    def __init__(self, get_response):
        if connection.vendor != "sqlite" or settings.DATABASES[DEFAULT_DB_ALIAS].get(
            "ATOMIC_REQUESTS"
        ):
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        if request.method in self.SAFE_METHODS or self._non_atomic(request):
            return self.get_response(request)
        with transaction.atomic():
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)
            return response

    @staticmethod
    def _non_atomic(request) -> bool:
        try:
            view = resolve(request.path_info).func
        except Resolver404:
            return False
        return DEFAULT_DB_ALIAS in getattr(view, "_non_atomic_requests", set())
