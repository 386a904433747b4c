"""HTML → PDF with WeasyPrint, fetching nothing outside the project.

The restricted fetcher serves two kinds of URL only: `maillage-static:<path>` (a file of
the project's static directories, found by Django's staticfiles finders) and the report's
own `data:` URIs (charts). Everything else — http(s), file://, ftp… — is refused before
any network or disk access, so a report whose data or template holds an external URL or
a local path fetches nothing.
"""

import base64
import logging
import mimetypes
import posixpath
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

from django.contrib.staticfiles import finders
from weasyprint import HTML, Document
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)
# WeasyPrint logs every layout step at INFO: keep workers' logs for what matters.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

STATIC_SCHEME = "maillage-static:"
PDF_VARIANT = "pdf/ua-1"
# `base_url` for documents: relative URLs resolve against a scheme the fetcher refuses.
BASE_URL = "about:blank"


class FetchRefused(ValueError):
    """The fetcher refused a URL (WeasyPrint logs it and renders without the resource)."""


class RestrictedFetcher(URLFetcher):
    """Serve project static files and data: URIs; refuse and record everything else."""

    def __init__(self):
        super().__init__(allowed_protocols=("data", STATIC_SCHEME[:-1]), fail_on_errors=False)
        self.refused: list[str] = []
        self.served: list[str] = []

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return self._data(url)
        if url.startswith(STATIC_SCHEME):
            return self._static(url[len(STATIC_SCHEME) :])
        self.refused.append(url)
        logger.warning("PDF rendering refused to fetch %.200s", url)
        raise FetchRefused(f"URL refused: {url[:200]}")

    def _data(self, url):
        header, _, payload = url[len("data:") :].partition(",")
        mime, *params = header.split(";")
        body = base64.b64decode(payload) if "base64" in params else unquote_to_bytes(payload)
        self.served.append(url[:40])
        return URLFetcherResponse(url, body, {"Content-Type": mime or "text/plain"})

    def _static(self, path):
        path = posixpath.normpath(unquote_to_bytes(path).decode()).lstrip("/")
        if path.startswith("..") or "\x00" in path:
            self.refused.append(STATIC_SCHEME + path)
            raise FetchRefused(f"Static path refused: {path}")
        found = finders.find(path)
        if not found:
            self.refused.append(STATIC_SCHEME + path)
            raise FetchRefused(f"Static file not found: {path}")
        with open(found, "rb") as handle:
            body = handle.read()
        self.served.append(STATIC_SCHEME + path)
        mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(STATIC_SCHEME + path, body, {"Content-Type": mime})


@dataclass(frozen=True)
class Pdf:
    content: bytes
    pages: int


def html_layout(html: str, *, fetcher: RestrictedFetcher | None = None) -> Document:
    """The laid-out pages of a tagged PDF/UA-1 document (the costly part of a render)."""
    fetcher = fetcher or RestrictedFetcher()
    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(pdf_variant=PDF_VARIANT)


def layout_to_pdf(document: Document) -> Pdf:
    """The PDF of laid-out pages, dated by the document's metadata."""
    return Pdf(content=document.write_pdf(pdf_variant=PDF_VARIANT), pages=len(document.pages))


def html_to_pdf(html: str, *, fetcher: RestrictedFetcher | None = None) -> Pdf:
    """Tagged PDF/UA-1. Identical HTML gives identical bytes: the dates come from the
    document's `dcterms.created`/`dcterms.modified` meta tags (the data's own dates)."""
    return layout_to_pdf(html_layout(html, fetcher=fetcher))


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


AUTHOR = "Maillage — réseau de l'insertion par l'activité économique"


def report_html(report) -> tuple[str, dict]:
    """The report's HTML, from its kind's data, in French and in its territory's zone."""
    import zoneinfo

    from django.template.loader import render_to_string
    from django.utils import timezone, translation

    from .kinds import module_for

    module = module_for(report.kind)
    zone = zoneinfo.ZoneInfo(report.region.time_zone if report.region_id else "Europe/Paris")
    with translation.override("fr"), timezone.override(zone):
        data = module.gather(report)
        context = {"author": AUTHOR, "with_toc": False, "toc": [], **data}
        html = render_to_string(module.TEMPLATE, context)
    return html, context
