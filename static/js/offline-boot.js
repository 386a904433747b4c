// What every signed-in page needs of offline work (the rest, static/js/offline.js, loads
// on the pages that take visits and meetings along, or when changes wait to be sent):
// the service worker, the "online" event that sends waiting changes from any page, and
// the clearing of the device at logout.
(function () {
  "use strict";
  var body = document.body;
  if ("serviceWorker" in navigator && body.dataset.offlineSw) {
    navigator.serviceWorker.register(body.dataset.offlineSw, { scope: "/" }).catch(function () {});
  }
  function waiting() {
    try { return Number(localStorage.getItem("maillage-offline-pending") || 0); } catch (error) { return 0; }
  }
  function loadModule() {
    if (document.querySelector("script[data-offline-module]") || !body.dataset.offlineModule) { return; }
    var script = document.createElement("script");
    script.src = body.dataset.offlineModule;
    script.dataset.offlineModule = "";
    document.head.appendChild(script);
  }
  if (navigator.onLine && waiting()) { loadModule(); }
  window.addEventListener("online", function () { if (waiting()) { loadModule(); } });

  // At logout the device forgets everything: the database is deleted as the page leaves
  // (the deletion goes on after it), and a mark makes the next page finish the job.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("[data-offline-logout]")) { return; }
    if (waiting() && !window.confirm(form.dataset.offlineLogout)) { event.preventDefault(); return; }
    try {
      localStorage.setItem("maillage-offline-clear", "1");
      localStorage.removeItem("maillage-offline-pending");
    } catch (error) { /* private browsing */ }
    if (window.indexedDB) { indexedDB.deleteDatabase("maillage-offline"); }
    if (window.caches) { caches.delete("maillage-pages"); }
  });
})();
