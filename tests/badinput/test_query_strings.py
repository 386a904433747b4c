"""Hostile query strings on every list page of every role: the filters, search boxes,
sorting and pagination a page offers (found in its own GET forms and links) never answer
a server error."""

from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlparse

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.access import ANONYMOUS, ROLES
from tests.core.test_access import load_specs, project_patterns

from .hostile import SAMPLES, XSS, hostile_text

# Defects found by this test and not fixed yet, by path: the test fails if another page
# breaks, and also once one of these is fixed (so the entry is removed).
KNOWN_DEFECTS: dict[str, str] = {}
COMMON = ["q", "page", "sort", "order", "o", "year", "annee", "territory", "kind", "status"]


class GetParameters(HTMLParser):
    """Names of the parameters a page itself sends: GET form fields and query strings of
    its links."""

    def __init__(self):
        super().__init__()
        self.names: set[str] = set()
        self._in_get_form = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._in_get_form = (attributes.get("method") or "get").lower() == "get"
        elif tag in ("input", "select", "textarea") and self._in_get_form:
            if attributes.get("name"):
                self.names.add(attributes["name"])
        elif tag == "a" and "?" in (attributes.get("href") or ""):
            self.names.update(name for name, _ in parse_qsl(urlparse(attributes["href"]).query))

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_get_form = False


def list_pages(demo) -> list[tuple[Client, str, list[str]]]:
    """(client, path, parameter names) for every GET page without URL arguments, for one
    role allowed to see it."""
    specs = load_specs()
    clients: dict[str, Client] = {}
    pages = []
    for name, pattern in project_patterns():
        spec = specs[name]
        if pattern.pattern.converters or spec.method != "get" or not spec.allowed:
            continue
        role = next(role for role in ROLES if role in spec.allowed)
        if role not in clients:
            clients[role] = Client(raise_request_exception=False)
            if role != ANONYMOUS:
                clients[role].force_login(
                    demo[role], backend="django.contrib.auth.backends.ModelBackend"
                )
        path = reverse(name)
        response = clients[role].get(path)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        parser = GetParameters()
        parser.feed(response.content.decode(errors="replace"))
        names = sorted(parser.names - {"csrfmiddlewaretoken", "next", "language"} | set(COMMON))
        pages.append((clients[role], path, names))
    return pages


@pytest.mark.django_db
def test_every_list_page_survives_each_hostile_value(demo):
    failures: dict[str, set[str]] = {}
    pages = list_pages(demo)
    assert len(pages) >= 5
    for client, path, names in pages:
        for value in SAMPLES:
            query = urlencode(dict.fromkeys(names, value))
            response = client.get(f"{path}?{query}")
            if response.status_code >= 500:
                failures.setdefault(path, set()).add(f"{value[:30]!r}: {response.status_code}")
            elif XSS.encode() in response.content:
                failures.setdefault(path, set()).add("markup echoed unescaped")
    unexpected = {
        path: sorted(found) for path, found in failures.items() if path not in KNOWN_DEFECTS
    }
    assert not unexpected, unexpected
    fixed = set(KNOWN_DEFECTS) - set(failures)
    assert not fixed, f"Fixed: remove {sorted(fixed)} from KNOWN_DEFECTS"


@pytest.mark.django_db
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_query_strings_on_list_pages(demo, data):
    pages = getattr(test_random_query_strings_on_list_pages, "_pages", None)
    if pages is None:
        pages = list_pages(demo)
        test_random_query_strings_on_list_pages._pages = pages
    client, path, names = data.draw(
        st.sampled_from([page for page in pages if page[1] not in KNOWN_DEFECTS])
    )
    params = data.draw(st.dictionaries(st.sampled_from(names), hostile_text, max_size=6))
    response = client.get(path, params)
    assert response.status_code < 500, (path, params)
