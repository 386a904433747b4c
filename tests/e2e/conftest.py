"""Browser tests: Debian's Chromium driven by Playwright against Django's live server.

The live server runs in a thread of the test process, on the PostgreSQL test database, so
tests use transactional database access (data written by the test is visible to the server
and the other way around). Migrations load reference data (régions, départements,
communes): fixtures.py puts it back after each flush, so every browser test starts from the
same world whatever ran before. Tasks run in-process, except inside `report_worker`'s
`taking_tasks()`, where a real Celery worker takes them from Redis.
"""

import os
import re
import weakref
from collections.abc import Iterator
from urllib.parse import urljoin

import pytest

from .fixtures import live_world, serialized_reference  # noqa: F401

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_PASSWORD = "maillage-demo"
# The impacts axe-core reports; the suite refuses the two highest.
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="module")
def _async_unsafe_allowed_module():
    """The same while the module's browser starts and stops (module-scoped, so the event
    loop is gone before tests of other folders run)."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def pytest_collection_modifyitems(items):
    for item in items:
        if "/tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _async_unsafe_allowed(monkeypatch):
    """Playwright's sync API runs an event loop in the main thread; Django refuses ORM calls
    from a thread with a running loop unless told it is safe (it is: the loop only drives
    the browser). Only for these tests: the variable must not reach other tests' processes
    (`check --deploy` refuses it)."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="module")
def browser(_async_unsafe_allowed_module) -> Iterator:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def world(live_world, live_server):  # noqa: F811 - fixtures by name
    """The demo world, visible to the live server."""
    return live_world


# Pages of contexts with JavaScript turned off (axe-core audits them differently).
WITHOUT_JAVASCRIPT: weakref.WeakSet = weakref.WeakSet()


@pytest.fixture
def report_worker(world, settings, tmp_path) -> Iterator:
    """A real Celery worker on Redis (tests/worker.py) for the live server's tasks, on a
    queue of its own; not started: the test starts it (`.start()`) and sends tasks to it
    inside `.taking_tasks()` (outside, tasks still run in-process)."""
    import uuid

    from config.celery import app
    from tests.worker import WorkerController

    if not settings.REDIS_URL:
        pytest.fail("REDIS_URL is not set: the report is rendered by a Celery worker on Redis.")
    queue = f"{settings.CELERY_TASK_DEFAULT_QUEUE}_e2e_{uuid.uuid4().hex[:8]}"
    controller = WorkerController(app, queue, tmp_path, name="e2e")
    try:
        yield controller
    finally:
        controller.stop_all()
        controller.purge()


class Browsing:
    """One browser context (cookies, JavaScript on or off) with the checks every test wants:
    no console error (a CSP violation is one), no page answering 500."""

    def __init__(self, browser, base_url: str, *, javascript: bool = True):
        self.base_url = base_url
        self.context = browser.new_context(
            base_url=base_url, java_script_enabled=javascript, locale="fr-FR"
        )
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        if not javascript:
            WITHOUT_JAVASCRIPT.add(self.page)
        self.console_errors: list[str] = []
        self.server_errors: list[str] = []
        self.page.on("console", self._on_console)
        self.page.on(
            "response",
            lambda response: (
                response.status >= 500
                and self.server_errors.append(f"{response.status} {response.url}")
            ),
        )
        self.visited: list[str] = []
        self.expected_errors: set[str] = set()

    def _on_console(self, message) -> None:
        # Browsers ask for /favicon.ico on their own; the portal has none (no request is
        # made by its pages), so that 404 is not an error of the page.
        url = message.location.get("url", "")
        if message.type == "error" and not (
            url.endswith("/favicon.ico") or url in self.expected_errors
        ):
            self.console_errors.append(f"{message.text} ({message.location.get('url')})")

    def url(self, path: str) -> str:
        return urljoin(self.base_url, path)

    def goto(self, path: str, *, status: int = 200):
        """Open `path`; an expected error page (`status` ≥ 400) is not a console error."""
        if status >= 400:
            self.expected_errors.add(self.url(path))
        response = self.page.goto(self.url(path))
        assert response.status == status, f"{path}: {response.status}, expected {status}"
        self.visited.append(self.page.url)
        return response

    def path(self) -> str:
        return re.sub(r"^https?://[^/]+", "", self.page.url).split("#")[0]

    def login(self, email: str, password: str = DEMO_PASSWORD) -> None:
        self.goto("/accounts/login/")
        self.sign_in(email, password)

    def sign_in(self, email: str, password: str = DEMO_PASSWORD) -> None:
        """Fill the login page the browser is on (after a redirect, it goes on to `next`)."""
        self.page.locator("#id_login").fill(email)
        self.page.locator("#id_password").fill(password)
        self.page.get_by_role("button", name="Se connecter").last.click()
        self.page.wait_for_load_state()
        self.visited.append(self.page.url)

    def logout(self) -> None:
        self.page.get_by_role("button", name=re.compile("déconnecter", re.I)).click()
        self.page.wait_for_load_state()

    def check_clean(self) -> None:
        assert not self.server_errors, self.server_errors
        assert not self.console_errors, self.console_errors

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def browsing(browser, live_server) -> Iterator:
    """Open browser contexts on the live server; each is checked and closed at the end."""
    opened: list[Browsing] = []

    def _open(*, javascript: bool = True) -> Browsing:
        session = Browsing(browser, live_server.url, javascript=javascript)
        opened.append(session)
        return session

    yield _open
    try:
        for session in opened:
            session.check_clean()
    finally:
        for session in opened:
            session.close()


def axe_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page, one readable line each."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in BLOCKING_IMPACTS:
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:5]]
            found.append(
                f"{page.url}: {violation['id']} ({violation['impact']}): "
                f"{violation['help']} — {targets}"
            )
    return found


class AxeAudit:
    """axe-core on each page a test visits; `assert_clean` lists every blocking violation.

    axe-core needs JavaScript (its timers do not run in a page without it): a page shown
    with JavaScript off is audited as that browser shows it — its HTML, in a second page
    where scripts of the portal are blocked and only axe runs."""

    def __init__(self, browser, *, seen: set | None = None):
        self.browser = browser
        self.failures: list[str] = []
        self.checked: list[tuple] = []
        # Pages audited already: by this test, or by earlier tests sharing the set.
        self.seen = seen if seen is not None else set()
        self._static = None

    def check(self, target) -> None:
        """Audit the page of a `Browsing` (or its Playwright page), once per kind of page and
        outcome (axe takes seconds on a slow machine): ids in the address and title are
        ignored."""
        page = getattr(target, "page", target)
        javascript = page not in WITHOUT_JAVASCRIPT
        path = re.sub(r"^https?://[^/]+", "", page.url).split("#")[0]
        key = (re.sub(r"\d+", "N", path), re.sub(r"\d+", "N", page.title()), javascript)
        self.checked.append(key)
        if key in self.seen:
            return
        self.seen.add(key)
        self.failures.extend(axe_violations(page if javascript else self._as_static(page)))

    def _as_static(self, page):
        if self._static is None:
            context = self.browser.new_context(locale="fr-FR")
            context.route(re.compile(r"\.js(\?|$)"), lambda route: route.abort())
            self._static = context.new_page()
        url, html = page.url, page.content()

        def this_page(address: str) -> bool:
            return address == url

        def serve(route):
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)

        self._static.route(this_page, serve)
        self._static.goto(url)
        self._static.unroute(this_page)
        return self._static

    def assert_clean(self) -> None:
        assert self.checked, "no page was audited"
        assert not self.failures, "\n".join(self.failures)

    def close(self) -> None:
        if self._static is not None:
            self._static.context.close()


@pytest.fixture
def axe(browser) -> Iterator[AxeAudit]:
    audit = AxeAudit(browser)
    yield audit
    audit.close()
