"""Every URL pattern of the project, checked for every role (see tests/access.py)."""

import importlib
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.access import rule_of
from tests.access import ANONYMOUS, ROLES, Spec

PROJECT_APPS = ["core", "accounts", "network", "structures", "diagnostics", "events"] + [
    name for name in ("reports",) if apps.is_installed(name)
]


def iter_patterns(patterns=None, namespace=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            yield from iter_patterns(entry.url_patterns, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}{entry.name}" if entry.name else None), entry


def is_project_view(callback) -> bool:
    module = getattr(callback, "__module__", "") or ""
    if hasattr(callback, "view_class"):
        module = callback.view_class.__module__
    return module.split(".")[0] in PROJECT_APPS


def load_specs() -> dict[str, Spec]:
    specs = {}
    for app in PROJECT_APPS:
        module = importlib.import_module(f"tests.{app}.access_spec")
        for name in set(specs) & set(module.SPECS):
            raise AssertionError(f"{name} is specified twice")
        specs.update(module.SPECS)
    return specs


def build_world():
    for app in PROJECT_APPS:
        module = importlib.import_module(f"tests.{app}.access_spec")
        if hasattr(module, "build"):
            module.build()


def project_patterns():
    return [(name, p) for name, p in iter_patterns() if is_project_view(p.callback)]


def test_every_project_view_declares_a_rule():
    missing = [
        name or str(p.pattern) for name, p in project_patterns() if rule_of(p.callback) is None
    ]
    assert not missing, f"Views without an access rule: {missing}"


def test_every_project_url_has_a_spec():
    names = {name for name, _ in project_patterns()}
    assert None not in names, "Every project URL pattern needs a name"
    specs = load_specs()
    assert names - set(specs) == set(), (
        f"URLs without a Spec in tests/<app>/access_spec.py: {sorted(names - set(specs))}"
    )
    assert set(specs) - names == set(), (
        f"Specs for URLs that don't exist: {sorted(set(specs) - names)}"
    )


def outcome(response) -> str:
    if response.status_code >= 500:
        return f"error {response.status_code}"
    if response.status_code == 404:
        return "denied"
    if response.status_code == 403:
        return "forbidden"
    location = response.headers.get("Location", "")
    if response.status_code in (301, 302) and location.startswith(reverse(settings.LOGIN_URL)):
        return "login"
    return "allowed"


def expected(spec: Spec, role: str) -> str:
    if role in spec.allowed:
        return "allowed"
    if role in spec.forbidden:
        return "forbidden"
    if role == ANONYMOUS and spec.login_redirect:
        return "login"
    return "denied"


@pytest.mark.django_db(transaction=False)
def test_role_by_url(demo):
    build_world()
    specs = load_specs()
    clients = {}
    for role in ROLES:
        client = Client()
        if role != ANONYMOUS:
            client.force_login(demo[role], backend="django.contrib.auth.backends.ModelBackend")
        clients[role] = client
    failures = []
    for name, pattern in project_patterns():
        spec = specs[name]
        url = reverse(name, kwargs=spec.kwargs() if spec.kwargs else None)
        for role in ROLES:
            with transaction.atomic():
                response = getattr(clients[role], spec.method)(url, spec.data)
                transaction.set_rollback(True)
            got, want = outcome(response), expected(spec, role)
            if got != want:
                failures.append(
                    f"{name} ({spec.method.upper()} {url}) as {role}: {got}, expected {want}"
                )
    assert not failures, "\n".join(failures)


@pytest.mark.django_db(transaction=False)
def test_object_actions_answer_403_to_who_sees_but_may_not_act(demo):
    """Beside the one Spec per URL: for each app, object actions on an object the role sees
    (`OBJECT_ACTIONS` of tests/<app>/access_spec.py), answered 403 with nothing changed."""
    build_world()
    clients = {}
    for role in ROLES:
        client = Client()
        if role != ANONYMOUS:
            client.force_login(demo[role], backend="django.contrib.auth.backends.ModelBackend")
        clients[role] = client
    failures, apps_covered = [], set()
    for app in PROJECT_APPS:
        for name, spec in getattr(
            importlib.import_module(f"tests.{app}.access_spec"), "OBJECT_ACTIONS", []
        ):
            assert spec.forbidden, f"{name}: an object action spec names who is refused"
            apps_covered.add(app)
            url = reverse(name, kwargs=spec.kwargs() if spec.kwargs else None)
            for role in ROLES:
                with transaction.atomic():
                    response = getattr(clients[role], spec.method)(url, spec.data)
                    transaction.set_rollback(True)
                got, want = outcome(response), expected(spec, role)
                if got != want:
                    failures.append(
                        f"{name} ({spec.method.upper()} {url}) as {role}: {got}, expected {want}"
                    )
                if got == "forbidden" and "Action non autorisée" not in response.content.decode():
                    failures.append(f"{name} as {role}: the 403 page does not explain the refusal")
    assert not failures, "\n".join(failures)
    # events and reports name their refusals in SPECS (roles that read the event or report)
    assert {"structures", "diagnostics", "network"} <= apps_covered


DUMMY = {
    "int": "987654",
    "str": "x",
    "slug": "x",
    "path": "x",
    "uuid": "00000000-0000-0000-0000-000000000000",
}


def third_party_url(name, pattern):
    converters = getattr(pattern.pattern, "converters", {})
    kwargs = {
        key: DUMMY.get(type(conv).__name__.replace("Converter", "").lower(), "1")
        for key, conv in converters.items()
    }
    if not converters:
        kwargs = dict.fromkeys(re.findall(r"\?P<(\w+)>", str(pattern.pattern)), "1")
    for key in ("object_id", "pk", "id"):
        if key in kwargs:
            kwargs[key] = DUMMY["int"]
    if "app_label" in kwargs:
        kwargs["app_label"] = "accounts"
    try:
        return reverse(name, kwargs=kwargs or None)
    except Exception:  # noqa: BLE001 - patterns we cannot build are listed below
        return None


@pytest.mark.django_db
def test_third_party_urls_never_leak_or_fail(demo):
    """Admin pages: superuser only (others go to the admin login); allauth: no server error."""
    clients = {}
    for role in ROLES:
        client = Client(raise_request_exception=False)
        if role != ANONYMOUS:
            client.force_login(demo[role], backend="django.contrib.auth.backends.ModelBackend")
        clients[role] = client
    failures, checked = [], 0
    admin_login = reverse("admin:login")
    for name, pattern in iter_patterns():
        if name is None or is_project_view(pattern.callback):
            continue
        url = third_party_url(name, pattern)
        if url is None:
            continue
        checked += 1
        for role, client in clients.items():
            response = client.get(url)
            if response.status_code >= 500:
                failures.append(f"{name} {url} as {role}: {response.status_code}")
            if name.startswith("admin:") and name not in ("admin:login", "admin:logout"):
                location = response.headers.get("Location", "")
                if role != "admin" and not location.startswith(admin_login):
                    failures.append(f"{name} {url} as {role}: {response.status_code} {location}")
    assert checked > 20
    assert not failures, "\n".join(failures)
