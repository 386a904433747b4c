// Maillage's service worker (served by core.views.service_worker at /sw.js, scope "/").
// It keeps the static files of the offline pages (CONFIG.precache, names given by the
// server) and, in "maillage-pages", the visit and attendance pages staff prepared
// (static/js/offline.js puts them there). Without network, a prepared page opens from
// there and any other page shows the "Hors connexion" page instead of a browser error.
"use strict";
const CONFIG = {{ config|safe }};
const STATIC_CACHE = "maillage-static-" + CONFIG.version;
const PAGES_CACHE = "maillage-pages";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(STATIC_CACHE)
      .then((cache) => cache.addAll(CONFIG.precache.map((url) => new Request(url, { cache: "reload" }))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names
        .filter((name) => name.startsWith("maillage-static-") && name !== STATIC_CACHE)
        .map((name) => caches.delete(name))))
      .then(() => self.clients.claim())
  );
});

async function fromStatic(request) {
  const cache = await caches.open(STATIC_CACHE);
  return (await cache.match(request, { ignoreVary: true })) || fetch(request);
}

async function navigate(request) {
  const pages = await caches.open(PAGES_CACHE);
  try {
    const response = await fetch(request);
    // A prepared page seen online again: its offline copy follows.
    if (response.ok && !response.redirected && (await pages.match(request, { ignoreSearch: true, ignoreVary: true }))) {
      await pages.put(request, response.clone());
    }
    return response;
  } catch (error) {
    const kept = await pages.match(request, { ignoreSearch: true, ignoreVary: true });
    if (kept) {
      return kept;
    }
    const cache = await caches.open(STATIC_CACHE);
    return (await cache.match(CONFIG.offlinePage, { ignoreVary: true })) || Response.error();
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) {
    return;
  }
  if (url.pathname.startsWith(CONFIG.staticPrefix)) {
    event.respondWith(fromStatic(request));
  } else if (request.mode === "navigate") {
    event.respondWith(navigate(request));
  }
});
