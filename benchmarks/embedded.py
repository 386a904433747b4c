"""The load test on the embedded default: `make run` as it is (config.settings.local,
SQLite, tasks in-process, `runserver`), a team of people at once logging in, reading pages
and saving a form. What counts is zero errors ("database is locked" was the failure).

The database is a fresh SQLite file with the demo data, in a folder of its own."""

import contextlib
import http.client
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from .http import LoadResult, free_port, request

ROOT = Path(__file__).absolute().parent.parent
PASSWORD = "maillage-demo"
ACCOUNTS = ["guyane", "reseau", "normandie", "siae-a", "siae-b", "dieccte"]
# A person logs in again now and then (another browser, a session ended): about one login
# per person per RELOGIN_SECONDS, which keeps the team under the login rate limit of one
# address (settings.ACCOUNT_RATE_LIMITS["login"]), as an office behind one address would be.
RELOGIN_SECONDS = 40
ORIGIN = "http://127.0.0.1"
# People start over this many seconds, not all in the same instant.
ARRIVALS_SECONDS = 10

PATHS_SCRIPT = """
import json
from django.urls import reverse
staff = ["home", "network:staff_home", "structures:directory", "events:list", "events:month",
         "reports:list", "network:partner_list", "accounts:profile"]
manager = ["home", "structures:member_home", "structures:member_directory", "events:list",
           "accounts:profile"]
partner = ["home", "network:partner_home", "reports:partner_list", "accounts:profile"]
print(json.dumps({
    "staff": [reverse(n) for n in staff],
    "manager": [reverse(n) for n in manager],
    "partner": [reverse(n) for n in partner],
    "profile": reverse("accounts:profile"),
    "login": reverse("account_login"),
}))
"""


def environment(folder: Path) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "DATABASE_URL", "MAILLAGE_DEBUG", "DJANGO_SETTINGS_MODULE")
    }
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MAILLAGE_MEDIA_ROOT": str(folder / "media"),
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "EMAIL_URL": "consolemail://",
    }


def manage(env: dict, *args: str) -> str:
    return subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        capture_output=True,
    ).stdout


@contextlib.contextmanager
def runserver(env: dict, log: Path):
    """`manage.py runserver` as `make run` starts it (threaded), on a free port."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(log.read_text()[-3000:])
            try:
                if request(port, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError("runserver did not answer /healthz within 60 s")
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def _cookies(response, jar: dict) -> dict:
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            jar[name.strip()] = rest.split(";", 1)[0]
    return jar


def _post(port, conn, path, jar, fields) -> tuple[int, object]:
    """GET the form (CSRF cookie and token), then POST it as a browser would."""
    status, (data, response) = request(port, "GET", path, cookies=jar, conn=conn)
    if status != 200:
        return status, response
    _cookies(response, jar)
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', data.decode("utf-8", "replace")
    )
    body = urlencode({"csrfmiddlewaretoken": token.group(1) if token else "", **fields})
    status, (_data, response) = request(
        port,
        "POST",
        path,
        cookies=jar,
        body=body,
        conn=conn,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": ORIGIN},
    )
    _cookies(response, jar)
    return status, response


def team_load(port: int, paths: dict, *, users: int, seconds: float) -> LoadResult:
    result = LoadResult()
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def record(action, ms, error=None):
        with lock:
            result.latencies.setdefault(action, []).append(ms)
            if error:
                result.errors.append(f"{action}: {error}")

    def person(index):
        rng = random.Random(index)
        account = ACCOUNTS[index % len(ACCOUNTS)]
        kind = "staff" if account in ("guyane", "reseau", "normandie") else None
        kind = kind or ("manager" if account.startswith("siae") else "partner")
        email = f"{account}@demo.maillage.test"
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        jar: dict = {}
        logged_in_at = None
        time.sleep(rng.uniform(0, ARRIVALS_SECONDS))  # people arrive over a few seconds
        while time.monotonic() < stop:
            if logged_in_at is None or time.monotonic() - logged_in_at > RELOGIN_SECONDS:
                action, jar = "login", {}
            elif rng.random() < 0.15:
                action = "form post"
            else:
                action = "read"
            start = time.perf_counter()
            try:
                if action == "login":
                    status, response = _post(
                        port, conn, paths["login"], jar, {"login": email, "password": PASSWORD}
                    )
                    ok = status == 302 and "sessionid" in jar
                    logged_in_at = time.monotonic() if ok else logged_in_at
                elif action == "form post":
                    status, response = _post(
                        port,
                        conn,
                        paths["profile"],
                        jar,
                        {
                            "first_name": "Charge",
                            "last_name": f"Test {index}",
                            "job_title": f"Mesure {rng.randint(1, 999)}",
                            "phone": "",
                            "time_zone": "America/Cayenne",
                        },
                    )
                    ok = status == 302
                else:
                    path = rng.choice(paths[kind])
                    status, _ = request(port, "GET", path, cookies=jar, conn=conn)
                    ok = status in (200, 302)
            except (OSError, http.client.HTTPException) as error:
                record(action, (time.perf_counter() - start) * 1000, repr(error))
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            record(action, (time.perf_counter() - start) * 1000, None if ok else f"{status}")
            time.sleep(rng.uniform(0.2, 1.0))  # a person reads between clicks
        conn.close()

    threads = [threading.Thread(target=person, args=(i,)) for i in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    return result


def run(*, users: int, seconds: float) -> tuple[LoadResult, str]:
    """The load test on a fresh SQLite copy of the demo; (result, server errors logged)."""
    with tempfile.TemporaryDirectory(prefix="maillage-embedded-") as folder:
        env = environment(Path(folder))
        print(
            "  embedded default: migrate, seed_demo, collectstatic on a fresh SQLite file…",
            flush=True,
        )
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "seed_demo")
        manage(env, "collectstatic", "--noinput", "-v0")  # as `make run` does
        paths = json.loads(manage(env, "shell", "-c", PATHS_SCRIPT).strip().splitlines()[-1])
        log = Path(folder) / "runserver.log"
        with runserver(env, log) as port:
            result = team_load(port, paths, users=users, seconds=seconds)
        lines = log.read_text(errors="replace").splitlines()
        problems = [
            line
            for line in lines
            if "database is locked" in line
            or "Traceback" in line
            or re.search(r'" [45]\d\d ', line)
        ]
        return result, "\n".join(problems[:5])
