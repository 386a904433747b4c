"""Every page each role reaches from its navigation sends the security headers and a
Content-Security-Policy that forbids inline scripts, and its markup needs nothing more."""

import pytest

from tests.access import ROLES

from .crawl import crawl, parse

REQUIRED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = [word.lower() for word in words[1:]]
    return directives


def policy_problems(response) -> list[str]:
    problems = []
    for name, value in REQUIRED_HEADERS.items():
        if response.headers.get(name) != value:
            problems.append(f"{name}: {response.headers.get(name)!r}, expected {value!r}")
    header = response.headers.get("Content-Security-Policy")
    if not header:
        return [*problems, "no Content-Security-Policy"]
    directives = csp_directives(header)
    script_src = directives.get("script-src", directives.get("default-src"))
    if script_src is None:
        problems.append("CSP without script-src nor default-src")
    elif {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"} & set(script_src):
        problems.append(f"script-src too wide: {script_src}")
    for directive in ("object-src", "base-uri", "frame-ancestors"):
        if directive not in directives:
            problems.append(f"CSP without {directive}")
    if directives.get("style-src") and "'unsafe-inline'" in directives["style-src"]:
        problems.append("style-src allows 'unsafe-inline'")
    return problems


@pytest.mark.django_db
def test_every_page_of_every_role_has_headers_and_a_strict_csp(role_clients):
    failures, pages = [], {}
    for role in ROLES:
        pages[role] = 0
        for path, response in crawl(role_clients[role]):
            pages[role] += 1
            where = f"{role} {path}"
            if response.status_code >= 500:
                failures.append(f"{where}: {response.status_code}")
                continue
            failures.extend(f"{where}: {problem}" for problem in policy_problems(response))
            if "text/html" in response.get("Content-Type", ""):
                inline = parse(response.content.decode(errors="replace")).inline
                failures.extend(f"{where}: {item}" for item in sorted(set(inline)))
    # Each signed-in role sees at least its home and the shared pages.
    assert all(count >= 3 for count in pages.values()), pages
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_the_checks_catch_a_weak_policy(client):
    """The checks above would notice a policy that lets inline scripts run."""
    response = client.get("/accounts/login/")
    assert policy_problems(response) == []
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; script-src 'self' 'unsafe-inline'"
    )
    assert any("script-src" in problem for problem in policy_problems(response))
    assert parse('<p style="color:red" onclick="x()">x</p><script>alert(1)</script>').inline


@pytest.mark.django_db
def test_session_and_csrf_cookies(client, demo):
    response = client.post(
        "/accounts/login/", {"login": demo["guyane"].email, "password": "maillage-demo"}
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["httponly"]
    assert session["samesite"].lower() == "lax"
