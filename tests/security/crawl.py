"""Pages each role reaches from its home through the navigation, fetched with the test
client; shared by the security tests."""

from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlparse

from django.test import Client

# Links the crawl never follows: the admin (Django's own pages), allauth's account pages
# reached from the profile (they are exercised by allauth's tests), files and feeds.
SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/i18n/")


class PageParser(HTMLParser):
    """Collects same-site links and the markup a strict CSP forbids."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.nav_links: list[str] = []
        self.inline: list[str] = []
        self._nav_depth = 0
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("nav", "footer"):
            self._nav_depth += 1
        if tag == "a" and attributes.get("href"):
            href = urldefrag(attributes["href"])[0]
            if href.lower().startswith("javascript:"):
                self.inline.append(f"<a href={href!r}>")
            elif href.startswith("/") and not href.startswith("//"):
                self.links.append(href)
                if self._nav_depth:
                    self.nav_links.append(href)
        for name, value in attrs:
            if name.startswith("on"):
                self.inline.append(f"<{tag} {name}=…> event handler")
            if name == "style":
                self.inline.append(f"<{tag} style={value!r}>")
        if tag == "script":
            kind = (attributes.get("type") or "").lower()
            if not attributes.get("src") and kind not in (
                "application/json",
                "application/ld+json",
            ):
                self.inline.append("<script> without src")

    def handle_endtag(self, tag):
        if tag in ("nav", "footer") and self._nav_depth:
            self._nav_depth -= 1


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    return parser


def crawl(client: Client, start: str = "/", *, depth: int = 2, limit: int = 80) -> Iterator:
    """Yield (path, response) for every HTML page reachable from `start`: the navigation
    links of each page, and the links found in the content down to `depth` clicks."""
    seen: set[str] = set()
    queue: list[tuple[str, int]] = [(start, 0)]
    while queue and len(seen) < limit:
        path, level = queue.pop(0)
        if path in seen or path.startswith(SKIP_PREFIXES):
            continue
        seen.add(path)
        response = client.get(path, follow=True)
        final = response.redirect_chain[-1][0] if response.redirect_chain else path
        final = urlparse(final).path or path
        yield final, response
        if "text/html" not in response.get("Content-Type", ""):
            continue
        parsed = parse(response.content.decode(errors="replace"))
        for link in parsed.nav_links:
            queue.append((link, level))
        if level < depth:
            queue.extend((link, level + 1) for link in parsed.links)
