"""Hostile input on every view of the project, for each kind of role: never a server error,
never markup echoed unescaped.

Nothing is listed by hand. The views are the project's URL patterns (with the arguments of
their access specs, tests/<app>/access_spec.py); the GET parameters are those a page sends
itself (its GET forms and links), the fields of the forms and filters it renders, and those
the view modules read from `request.GET`; the POST fields are the fields of the forms a page
renders (formsets included). Values come from hypothesis (tests/badinput/hostile.py, dates
and numbers at the edges), under the derandomized profile of tests/badinput/conftest.py, so
a run is repeatable. Each POST is rolled back."""

import importlib
import inspect
import re
import zlib
from urllib.parse import urlencode

import pytest
from django import forms
from django.db import transaction
from django.forms.formsets import BaseFormSet
from django.test import Client
from django.urls import reverse
from django.urls.converters import IntConverter
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.access import ANONYMOUS, GUYANE, MANAGER_A, PARTNER
from tests.core.test_access import PROJECT_APPS, build_world, load_specs, project_patterns

from .hostile import XSS, hostile_text
from .test_query_strings import GetParameters

# One account of each kind; the access tests check every account, this checks every kind.
ROLES = [GUYANE, MANAGER_A, PARTNER, ANONYMOUS]
EDGES = [
    "9999-12-31T20:00",
    "0001-01-01",
    "9999-12",
    "0001-01",
    "2019-02-30",
    "99999999999999999999",
    "-99999999999999999999",
    "-1",
    "1.5e308",
    "2147483648",
    "9223372036854775808",
]
value = st.one_of(st.sampled_from(EDGES), hostile_text)
IGNORED = {"csrfmiddlewaretoken", "next", "language"}
READ_BY_VIEWS = re.compile(r"""request\.GET(?:\.get\(|\[)\s*["']([\w-]+)["']""")
EVERY_VIEW = settings(
    max_examples=2,
    deadline=None,
    # A sweep is hundreds of requests: report a failing example as drawn, unshrunk.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


def parameters_read_by_views() -> set[str]:
    names = set()
    for app in PROJECT_APPS:
        for suffix in ("views", "filters"):
            try:
                module = importlib.import_module(f"{app}.{suffix}")
            except ModuleNotFoundError:
                continue
            modules = [module]
            if hasattr(module, "__path__"):  # a views/ package
                import pkgutil

                modules += [
                    importlib.import_module(f"{module.__name__}.{info.name}")
                    for info in pkgutil.iter_modules(module.__path__)
                ]
            for each in modules:
                names |= set(READ_BY_VIEWS.findall(inspect.getsource(each)))
    return names


def rendered_forms(response) -> list[tuple[object, bool]]:
    """(form or formset, whether it is a filter sent by GET) in the context a page was
    rendered with; a django-filter FilterSet brings its form."""
    found, seen = [], set()
    contexts = response.context or []
    for context in contexts if isinstance(contexts, list) else [contexts]:
        for layer in getattr(context, "dicts", [context]):
            for item in layer.values() if isinstance(layer, dict) else []:
                is_filter = hasattr(item, "qs") and hasattr(item, "form")
                candidate = item.form if is_filter else item
                if (
                    isinstance(candidate, forms.BaseForm | BaseFormSet)
                    and id(candidate) not in seen
                ):
                    seen.add(id(candidate))
                    found.append((candidate, is_filter))
    return found


def field_names(form) -> list[str]:
    if isinstance(form, BaseFormSet):
        names = [form.management_form.add_prefix(n) for n in form.management_form.fields]
        for each in form.forms:
            names += field_names(each)
        return names
    return [form.add_prefix(name) for name in form.fields]


class Plan:
    """Every (view, role) to try, with its parameter and field names, found once."""

    def __init__(self, demo):
        build_world()
        specs = load_specs()
        self.clients = {}
        for role in ROLES:
            self.clients[role] = Client(raise_request_exception=False)
            if role != ANONYMOUS:
                self.clients[role].force_login(
                    demo[role], backend="django.contrib.auth.backends.ModelBackend"
                )
        read = parameters_read_by_views()
        self.targets, self.views, self.forms = [], set(), set()
        for name, pattern in project_patterns():
            spec = specs[name]
            url = reverse(name, kwargs=spec.kwargs() if spec.kwargs else None)
            self.views.add(name)
            for role in ROLES:
                if role not in spec.allowed and not (role == ANONYMOUS and not spec.login_redirect):
                    continue
                get_names, post_names = set(read), set(spec.data)
                if spec.method == "get":
                    response = self.clients[role].get(url)
                    assert response.status_code < 500, (name, role, response.status_code)
                    if "text/html" in response.get("Content-Type", ""):
                        parser = GetParameters()
                        parser.feed(response.content.decode(errors="replace"))
                        get_names |= parser.names
                    for form, is_filter in rendered_forms(response):
                        self.forms.add(f"{name}:{type(form).__name__}")
                        (get_names if is_filter else post_names).update(field_names(form))
                self.targets.append(
                    (
                        name,
                        role,
                        url,
                        spec.method,
                        sorted(get_names - IGNORED),
                        sorted(post_names - IGNORED),
                    )
                )
        print(
            f"\nbad input on every view: {len(self.views)} views, {len(self.forms)} forms, "
            f"{len(self.targets)} (view, role) pairs, {len(read)} parameters read by views"
        )


def check(response, where):
    assert response.status_code < 500, (where, response.status_code)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert XSS.encode() not in content, (where, "markup echoed unescaped")


def ids_out_of_range(plan) -> int:
    """Every URL with an integer argument, given 0 and a number past a bigint: 404."""
    tried = 0
    specs = load_specs()
    for name, pattern in project_patterns():
        if not any(isinstance(c, IntConverter) for c in pattern.pattern.converters.values()):
            continue
        spec = specs[name]
        url = reverse(name, kwargs=spec.kwargs())
        role = next((r for r in ROLES if r in spec.allowed), GUYANE)
        for number in ("0", "99999999999999999999"):
            path = re.sub(r"/\d+/", f"/{number}/", url, count=1)
            response = (
                plan.clients[role].get if spec.method == "get" else plan.clients[role].post
            )(path)
            tried += 1
            assert response.status_code in (302, 404), (name, path, response.status_code)
    return tried


@pytest.mark.django_db
def test_hostile_input_on_every_view_form_and_parameter(demo):
    plan = Plan(demo)
    assert plan.views == {name for name, _ in project_patterns()}
    assert len(plan.forms) >= 40, sorted(plan.forms)
    assert {role for _n, role, *_rest in plan.targets} == set(ROLES)
    assert ids_out_of_range(plan) >= 20

    @EVERY_VIEW
    @given(pool=st.lists(value, min_size=3, max_size=8), shift=st.integers(0, 1000))
    def sweep(pool, shift):
        def pick(name, key):
            """A value of the drawn pool for each field: every field of every view gets one
            (drawing each would be thousands of draws per example)."""
            return pool[(zlib.crc32(f"{name} {key}".encode()) + shift) % len(pool)]

        for name, role, url, method, get_names, post_names in plan.targets:
            if method == "get":
                params = {key: pick(name, key) for key in get_names}
                check(plan.clients[role].get(f"{url}?{urlencode(params)}"), (name, role, "GET"))
            if post_names:
                body = {key: pick(name, key) for key in post_names}
                with transaction.atomic():
                    response = plan.clients[role].post(url, body)
                    transaction.set_rollback(True)
                check(response, (name, role, "POST"))

    sweep()
