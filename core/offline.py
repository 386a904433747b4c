"""The installable portal: web app manifest, service worker and what it keeps for offline
use. The service worker (templates/core/sw.js) is served by a view at the site's root so
that its scope is the whole portal, with the list of files to keep written in by the
server: the names are those `{% static %}` gives, hashed by the manifest storage in
production and plain in development, and the cache's name changes whenever one of those
files does, so a new release replaces the old copies."""

import hashlib
import json

from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

# Static files every offline page needs (the visit and attendance pages are kept per
# object when staff prepare them: see static/js/offline.js).
PRECACHE_STATIC = (
    "vendor/bootstrap.min.css",
    "css/maillage.css",
    "js/nav.js",
    "js/forms.js",
    "js/offline-boot.js",
    "js/offline.js",
    "img/icon.svg",
    "img/icon-192.png",
)


def _content_hash(paths) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.encode())
        found = finders.find(path)
        if found:
            with open(found, "rb") as source:
                digest.update(source.read())
    return digest.hexdigest()


def service_worker_config(*, offline_page_html: bytes, sw_source: bytes) -> dict:
    urls = [static(path) for path in PRECACHE_STATIC]
    digest = hashlib.sha256()
    digest.update(_content_hash(PRECACHE_STATIC).encode())
    digest.update("\n".join(urls).encode())
    digest.update(offline_page_html)
    digest.update(sw_source)
    return {
        "version": digest.hexdigest()[:12],
        "precache": [*urls, reverse("offline_page")],
        "offlinePage": reverse("offline_page"),
        "staticPrefix": settings.STATIC_URL,
    }


def manifest(*, name: str, short_name: str, description: str) -> str:
    return json.dumps(
        {
            "name": name,
            "short_name": short_name,
            "description": description,
            "lang": "fr",
            "start_url": reverse("home"),
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#0b5394",
            "icons": [
                {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
                {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
                {"src": static("img/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            ],
        },
        ensure_ascii=False,
    )
