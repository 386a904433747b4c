"""HTML → PDF: nothing fetched outside the project, tagged PDF, metadata, same bytes."""

import hashlib
import http.server
import io
import threading

import pytest
from pypdf import PdfReader

from reports.rendering import RestrictedFetcher, html_to_pdf
from reports.templatetags.reports_pdf import fr_punct, nombre, pourcent


class CountingHandler(http.server.BaseHTTPRequestHandler):
    hits: list = []

    def do_GET(self):
        CountingHandler.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def http_server():
    CountingHandler.hits = []
    server = http.server.HTTPServer(("127.0.0.1", 0), CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


PAGE = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Essai</title>
<meta name="author" content="Réseau"><meta name="dcterms.created" content="2019-02-08T12:00:00Z">
<link rel="stylesheet" href="maillage-static:css/report-pdf.css">{head}</head>
<body><h1>Bilan</h1><p>Texte du rapport</p>{body}</body></html>"""


def test_the_fetcher_refuses_http_and_file_urls_and_the_pdf_still_renders(http_server, tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    fetcher = RestrictedFetcher()
    html = PAGE.format(
        head=f'<link rel="stylesheet" href="file://{secret}">'
        f'<link rel="stylesheet" href="{http_server}/style.css">',
        body=f'<img src="{http_server}/logo.png" alt="logo"><img src="file:///etc/passwd" alt="x">'
        '<img src="https://example.org/tracker.png" alt="y"><img src="ftp://example.org/a.png" alt="z">'
        '<img src="../../etc/hosts" alt="relative">',
    )
    pdf = html_to_pdf(html, fetcher=fetcher)

    assert pdf.content.startswith(b"%PDF") and pdf.pages == 1
    assert CountingHandler.hits == []  # no network access
    refused = " ".join(fetcher.refused)
    for url in (f"{http_server}/logo.png", "file:///etc/passwd", f"file://{secret}", "ftp://"):
        assert url in refused
    assert "https://example.org/tracker.png" in refused
    # The project's own stylesheet is served from the static files.
    assert fetcher.served == ["maillage-static:css/report-pdf.css"]


def test_static_paths_cannot_escape_the_static_directories():
    fetcher = RestrictedFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch("maillage-static:../config/settings/base.py")
    with pytest.raises(ValueError):
        fetcher.fetch("maillage-static:vendor/../../manage.py")
    assert fetcher.fetch("data:text/plain;base64,QQ==").read() == b"A"


def test_same_html_same_bytes_and_a_tagged_pdf_with_language_and_title():
    html = PAGE.format(
        head="",
        body="<table><thead><tr><th>A</th></tr></thead><tbody>"
        + "<tr><td>1</td></tr>" * 200
        + "</tbody></table>",
    )
    first, second = html_to_pdf(html), html_to_pdf(html)
    assert hashlib.sha256(first.content).digest() == hashlib.sha256(second.content).digest()
    assert first.pages > 1  # the table breaks across pages

    reader = PdfReader(io.BytesIO(first.content))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "fr"
    assert reader.metadata.title == "Essai" and reader.metadata.author == "Réseau"
    assert reader.metadata["/CreationDate"].startswith("D:20190208")
    # The header row is repeated on the second page.
    assert reader.pages[1].extract_text().lstrip().startswith("A")


def test_a_demo_layout_written_again_gives_the_bytes_of_a_full_render():
    from .demo_pdf import DemoLayouts

    def page(created, body="<p>Deuxième page</p>"):
        head = f'<meta name="dcterms.modified" content="{created}">'
        html = PAGE.format(head=head, body=f'<h2 style="break-before: page">Suite</h2>{body}')
        return html.replace("2019-02-08T12:00:00Z", created)

    layouts = DemoLayouts()
    first, later = page("2019-02-08T12:00:00Z"), page("2019-03-01T09:30:00+01:00")
    assert layouts.html_to_pdf(first).content == html_to_pdf(first).content
    again = layouts.html_to_pdf(later)
    assert layouts.reused == 1
    assert again.content == html_to_pdf(later).content and again.pages == 2
    reader = PdfReader(io.BytesIO(again.content))
    assert reader.metadata["/CreationDate"].startswith("D:20190301093000+01")
    # Any other change is laid out anew.
    changed = page("2019-03-01T09:30:00+01:00", body="<p>Autre texte</p>")
    assert layouts.html_to_pdf(changed).content == html_to_pdf(changed).content
    assert layouts.reused == 1


def test_french_typography_filters():
    assert nombre(1234567.5, 1) == "1\u202f234\u202f567,5"
    assert pourcent(0.2283) == "22,8\u202f%"
    assert nombre(None) == "—"
    assert fr_punct("Enjeux : emploi ; « sorties » !") == (
        "Enjeux\u00a0: emploi\u202f; «\u202fsorties\u202f»\u202f!"
    )
