"""gunicorn on 127.0.0.1 and bounded HTTP clients (threads, keep-alive connections)."""

import contextlib
import http.client
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).absolute().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env: dict, *, workers: int = 2):
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - gunicorn with fixed arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            "1",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode()[-3000:])
            try:
                status, _ = request(port, "GET", "/healthz")
                if status == 200:
                    break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError("gunicorn did not answer /healthz within 60 s")
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def request(port, method, path, *, cookies=None, body=None, headers=None, conn=None):
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    all_headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", **(headers or {})}
    if cookies:
        all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    conn.request(method, path, body=body, headers=all_headers)
    response = conn.getresponse()
    data = response.read()
    if own:
        conn.close()
    return response.status, (data, response)


def throughput(port: int, path, cookies: dict, *, clients: int, seconds: float) -> dict:
    """Requests per second with `clients` threads hammering `path` for `seconds`.

    `path` is a URL, or a callable giving the next URL (a new search for each request)."""
    next_path = path if callable(path) else lambda: path
    for _ in range(6):  # warm both workers up (imports, templates, connections)
        request(port, "GET", next_path(), cookies=cookies)
    counts, errors, stop = [0] * clients, [0] * clients, time.monotonic() + seconds

    def run(index):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop:
            try:
                status, _ = request(port, "GET", next_path(), cookies=cookies, conn=conn)
            except (OSError, http.client.HTTPException):
                errors[index] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            if status == 200:
                counts[index] += 1
            else:
                errors[index] += 1
        conn.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    elapsed = time.monotonic() - start
    return {
        "rps": sum(counts) / elapsed,
        "errors": sum(errors),
        "requests": sum(counts),
        "elapsed": elapsed,
    }


def throughput_in_turns(
    port: int, targets: dict, *, clients: int, seconds: float, rounds: int = 5
) -> dict:
    """`throughput` of each {label: (path, cookies)} for `seconds` in all, in `rounds`
    short runs taken in turn, so that a change in the machine's load (other work on it)
    weighs on every path alike instead of on whichever ran at the wrong moment. Each
    turn's rate is kept (`turns`) so a ratio between two paths can be taken turn by turn."""
    totals = {label: {"requests": 0, "errors": 0, "elapsed": 0.0, "turns": []} for label in targets}
    for _ in range(rounds):
        for label, (path, cookies) in targets.items():
            figures = throughput(port, path, cookies, clients=clients, seconds=seconds / rounds)
            for name in ("requests", "errors", "elapsed"):
                totals[label][name] += figures[name]
            totals[label]["turns"].append(figures["rps"])
    return {
        label: {**total, "rps": total["requests"] / total["elapsed"] if total["elapsed"] else 0}
        for label, total in totals.items()
    }


class Searches:
    """URLs of the directory, each a search made once only in the run: a text, a set of
    kinds, a sort and a page drawn without repetition (in an order that changes from one run
    to the next), so the directory's cache never answers and every request does the work."""

    def __init__(self, path: str, words: list[str], kinds: list[str], sorts: list[str]):
        import itertools
        from urllib.parse import urlencode

        kind_sets = [
            combo for size in (0, 1, 2) for combo in itertools.combinations(sorted(kinds), size)
        ]
        combos = list(itertools.product(words, kind_sets, sorts, (1, 2, 3)))
        random.Random(time.time_ns()).shuffle(combos)
        self._urls = (
            f"{path}?"
            + urlencode(
                [("q", word), *[("kind", kind) for kind in kinds_], ("sort", sort), ("page", page)]
            )
            for word, kinds_, sort, page in combos
        )
        self._lock = threading.Lock()
        self.count = len(combos)

    def __call__(self) -> str:
        with self._lock:
            return next(self._urls)


class Rotation:
    """The same page with a parameter changing at each request (the staff home's region)."""

    def __init__(self, path: str, name: str, values: list[str]):
        import itertools

        self._values = itertools.cycle(values)
        self._path, self._name = path, name
        self._lock = threading.Lock()

    def __call__(self) -> str:
        with self._lock:
            return f"{self._path}?{self._name}={next(self._values)}"


@dataclass
class LoadResult:
    latencies: dict = field(default_factory=dict)  # action -> [ms]
    errors: list = field(default_factory=list)


def load_test(port: int, plan: dict, *, users: int, seconds: float) -> LoadResult:
    """`users` threads, each a role with its session cookie, mixing page reads, profile form
    posts and report requests for `seconds`."""
    result = LoadResult()
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    roles = plan["roles"]

    def record(action, ms, error=None):
        with lock:
            result.latencies.setdefault(action, []).append(ms)
            if error:
                result.errors.append(f"{action}: {error}")

    def user(index):
        rng = random.Random(index)
        role = roles[index % len(roles)]
        cookies = {"sessionid": plan["sessions"][role]}
        reads = plan["reads"][role]
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.monotonic() < stop:
            roll = rng.random()
            if roll < 0.1 and plan["profile"]:
                action, method, path = "form post", "POST", plan["profile"]
            elif roll < 0.15 and role in plan["report_roles"] and plan["report_request"]:
                action, method, path = "report request", "POST", plan["report_request"]
            else:
                action, method, path = "read", "GET", rng.choice(reads)
            start = time.perf_counter()
            try:
                if method == "POST":
                    status = post_form(port, conn, path, cookies, plan, role, action)
                else:
                    status, _ = request(port, "GET", path, cookies=cookies, conn=conn)
            except (OSError, http.client.HTTPException) as error:
                record(action, (time.perf_counter() - start) * 1000, f"{path} {error!r}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            ok = status in (200, 302)
            record(action, (time.perf_counter() - start) * 1000, None if ok else f"{path} {status}")
            time.sleep(rng.uniform(0.05, 0.3))  # a person reads between clicks
        conn.close()

    threads = [threading.Thread(target=user, args=(i,)) for i in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    return result


def post_form(port, conn, path, cookies, plan, role, action) -> int:
    """GET the form (CSRF cookie and token), then POST it."""
    status, (data, response) = request(port, "GET", path, cookies=cookies, conn=conn)
    if status != 200:
        return status
    html = data.decode(errors="replace")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    csrf = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
    jar = dict(cookies)
    if csrf:
        jar["csrftoken"] = csrf.group(1)
    fields = plan["profile_data"] if action == "form post" else plan["report_data"]
    from urllib.parse import urlencode

    body = urlencode({"csrfmiddlewaretoken": token.group(1) if token else "", **fields})
    status, _ = request(
        port,
        "POST",
        path,
        cookies=jar,
        body=body,
        conn=conn,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"https://127.0.0.1{path}",
            "Origin": "https://127.0.0.1",
        },
    )
    return status


def summary(values: list[float]) -> dict:
    ordered = sorted(values)

    def pct(share):
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]

    return {
        "count": len(ordered),
        "median": statistics.median(ordered),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "max": ordered[-1],
    }
