"""French that reads right on every page a demo role reaches (from its home, following
links): no "(s)" plural, no "de" left unelided before a name starting with a vowel
("Auto-évaluations de APROSEP"), month names never abbreviated the English way."""

import html
import re
from urllib.parse import urljoin, urlsplit

import pytest

pytestmark = pytest.mark.django_db

MAX_PAGES = 60
NOT_PAGES = re.compile(r"^/admin/|/export|\.ics$|/telecharger|/download|/ics|/agenda/|/logout")
LINK = re.compile(r'<a [^>]*href="([^"#]+)"')
# "critère(s)", "inscrit(e)s"; "de APROSEP", "de EI"; "Déc", "Fév" as Django's "M" writes them.
BAD = {
    "a plural written (s)": re.compile(r"\w\((?:s|e|es|e\)s)\)"),
    "de before a vowel": re.compile(r"\bde [AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜ]"),
    "an English-style month": re.compile(
        r"\b\d{1,2} (?:Jan|Fév|Mar|Avr|Mai|Jui|Aoû|Sep|Oct|Nov|Déc)\b"
    ),
}


def page_text(content: str) -> str:
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", content, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", content))


def crawl(client, start: str):
    """(path, text) of each kind of page reachable from `start` (ids make no new kind)."""
    queue, kinds = [start], set()
    while queue and len(kinds) < MAX_PAGES:
        path = queue.pop(0)
        kind = re.sub(r"\d+", "N", urlsplit(path).path)
        if kind in kinds or NOT_PAGES.search(path):
            continue
        kinds.add(kind)
        response = client.get(path, follow=True)
        path = response.request["PATH_INFO"]
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        content = response.content.decode()
        yield path, page_text(content)
        for href in LINK.findall(content):
            target = urlsplit(urljoin(path, html.unescape(href)))
            if not target.netloc:
                queue.append(target.path + (f"?{target.query}" if target.query else ""))


@pytest.mark.parametrize("role", ["guyane", "siae-a", "dieccte"])
def test_every_page_of_a_role_reads_right_in_french(demo, login, role):
    client = login(demo[role])
    problems, seen = [], 0
    for path, text in crawl(client, "/"):
        seen += 1
        for what, pattern in BAD.items():
            for match in pattern.finditer(text):
                around = text[max(0, match.start() - 40) : match.end() + 20].split()
                problems.append(f"{path}: {what}: …{' '.join(around)}…")
    assert seen >= 8, f"{role} reached {seen} pages"
    assert not problems, "\n".join(problems)
