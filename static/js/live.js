// Parts of a page refreshed in place, without a page load: a structure search's matches
// while typing, a report's status while it is produced. Without this script (or without
// fetch) the same markup works as it is: the search is a plain GET form, the status has
// its "Actualiser" link.
//
// <form method="get" data-live="id …">: a pause while typing in one of its text fields,
// or its submission, fetches the form's page with its values and puts the content of the
// elements of those ids into the page's (a role="status" among them is announced); the
// address follows, so a reload or a shared link shows the same matches.
//
// <div id="…" data-poll="url">: every 2 seconds, `url` is fetched and each element of the
// answer whose id is on the page replaces that element's content; the polling stops when
// the element's new version has no data-poll.
(function () {
  "use strict";
  if (!window.fetch || !window.DOMParser || !window.AbortController) { return; }
  var PAUSE = 300;
  var EVERY = 2000;

  // The content (and data-poll) of the page's elements of `ids` from their namesakes in
  // `html`; without `ids`, every element of `html` with an id.
  function fill(html, ids) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    (ids || Array.from(doc.querySelectorAll("body > [id]"), function (node) {
      return node.id;
    })).forEach(function (id) {
      var target = document.getElementById(id);
      var source = doc.getElementById(id);
      if (!target || !source) { return; }
      target.replaceChildren.apply(target, Array.from(source.childNodes, function (node) {
        return document.importNode(node, true);
      }));
      if (source.hasAttribute("data-poll")) {
        target.setAttribute("data-poll", source.getAttribute("data-poll"));
      } else {
        target.removeAttribute("data-poll");
      }
    });
  }

  function get(url, signal) {
    return fetch(url, { credentials: "same-origin", signal: signal }).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.text();
    });
  }

  document.querySelectorAll("form[data-live]").forEach(function (form) {
    var ids = form.getAttribute("data-live").split(/\s+/);
    var timer = null;
    var running = null;
    var last = null;

    function search(thenSubmit) {
      var url = new URL(form.getAttribute("action") || location.pathname, location.href);
      url.search = new URLSearchParams(new FormData(form)).toString();
      if (url.href === last && !thenSubmit) { return; }
      last = url.href;
      if (running) { running.abort(); }
      running = new AbortController();
      get(url.href, running.signal).then(function (html) {
        fill(html, ids);
        history.replaceState(history.state, "", url.href);
      }, function (error) {
        // Offline or refused: a submission goes on as a plain GET (a typed pause waits).
        if (error.name !== "AbortError" && thenSubmit) { form.submit(); }
      });
    }

    last = location.href;
    form.addEventListener("input", function (event) {
      if (!event.target.matches("input[type=text], input[type=search], input:not([type])")) {
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(function () { search(false); }, PAUSE);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      search(true);
    });
  });

  function poll(element) {
    setTimeout(function () {
      var url = element.getAttribute("data-poll");
      if (!url) { return; }
      get(url).then(function (html) {
        fill(html);
      }, function () {
        // A turn missed (offline, a server restarting): the next one asks again.
      }).then(function () {
        if (element.hasAttribute("data-poll")) { poll(element); }
      });
    }, EVERY);
  }
  document.querySelectorAll("[data-poll]").forEach(poll);
})();
