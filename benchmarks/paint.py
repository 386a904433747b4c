"""Time to first paint of the staff home and the member home in Chromium, on a fast link
and on a slow one (Chromium's network emulation: 400 kbit/s each way, 400 ms of latency, a
satellite or 2G link in the Guyane interior), with an empty cache and on a repeat visit."""

import statistics

from . import http
from .tables import print_table

CHROMIUM = "/usr/bin/chromium"
SLOW = {
    "offline": False,
    "latency": 400,  # ms
    "downloadThroughput": 400_000 / 8,  # bytes per second
    "uploadThroughput": 400_000 / 8,
}
LINKS = {"fast (loopback)": None, "slow (400 kbit/s, 400 ms)": SLOW}
RUNS = 3


def _first_paint(context, url: str, conditions) -> float:
    page = context.new_page()
    if conditions:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", conditions)
    response = page.goto(url, wait_until="load")
    if response is None or response.status != 200 or page.url != url:
        raise RuntimeError(f"{url} answered {response and response.status} at {page.url}")
    # The paint entry may come after the load event: waited for (10 s at most).
    paint = page.evaluate(
        """() => new Promise((resolve) => {
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) {
              if (entry.name === "first-contentful-paint") resolve(entry.startTime);
            }
          }).observe({type: "paint", buffered: true});
          setTimeout(() => resolve(null), 10000);
        })"""
    )
    page.close()
    if paint is None:
        raise RuntimeError(f"{url}: no first contentful paint within 10 s")
    return paint


def measure(port: int, pages: dict[str, tuple[str, str]]) -> dict:
    """{(page, link): (first visit ms, repeat visit ms)}, medians of RUNS each."""
    from playwright.sync_api import sync_playwright

    figures = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            for label, (path, session) in pages.items():
                for link, conditions in LINKS.items():
                    first, repeat = [], []
                    for _ in range(RUNS):
                        context = browser.new_context()  # an empty cache each time
                        context.add_cookies(
                            [
                                {
                                    "name": "sessionid",
                                    "value": session,
                                    "domain": "127.0.0.1",
                                    "path": "/",
                                }
                            ]
                        )
                        url = f"http://127.0.0.1:{port}{path}"
                        first.append(_first_paint(context, url, conditions))
                        repeat.append(_first_paint(context, url, conditions))
                        context.close()
                    figures[label, link] = (statistics.median(first), statistics.median(repeat))
        finally:
            browser.close()
    return figures


def paint_table(env: dict, data: dict) -> list[str]:
    paths, sessions = data["paths"], data["sessions"]
    pages = {
        f"staff home ({paths['staff_home']})": (paths["staff_home"], sessions.get("guyane", "")),
        f"member home ({paths['member_home']})": (
            paths["member_home"],
            sessions.get("siae-a", ""),
        ),
    }
    try:
        with http.gunicorn(env) as port:
            figures = measure(port, pages)
    except Exception as error:  # noqa: BLE001 - no browser: said, and the rest goes on
        print(f"\nFirst paint: not measured ({error.__class__.__name__}: {error}).")
        return ["first paint: not measured"]
    rows = [
        [label, link, f"{first:.0f}", f"{repeat:.0f}"]
        for (label, link), (first, repeat) in figures.items()
    ]
    print_table(
        f"Time to first paint in Chromium (first contentful paint, median of {RUNS}), at scale "
        f"{data['structures']} structures",
        ["page", "link", "first visit ms", "repeat visit ms"],
        rows,
    )
    return []
