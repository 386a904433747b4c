// Navigation groups (<details>): one open at a time, Escape or a click elsewhere closes it.
// Without this script the groups still open and close with Enter, Space or a click.
(function () {
  "use strict";
  var groups = document.querySelectorAll(".nav-group > details");
  function closeAll(except) {
    groups.forEach(function (group) {
      if (group !== except) { group.open = false; }
    });
  }
  groups.forEach(function (group) {
    group.addEventListener("toggle", function () {
      if (group.open) { closeAll(group); }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    groups.forEach(function (group) {
      if (group.open) {
        group.open = false;
        group.querySelector("summary").focus();
      }
    });
  });
  document.addEventListener("click", function (event) {
    if (!event.target.closest(".nav-group")) { closeAll(null); }
  });
})();

// Tables in a scrolling region ({% scrollable %}): the hint "faites défiler…" is only for a
// table wider than its region. The region stays focusable either way (a region that
// scrolls must be, and its width changes with the fonts and the window). Without this
// script the hint stays.
(function () {
  "use strict";
  var regions = document.querySelectorAll(".table-scroll");
  if (!regions.length) { return; }
  function fit() {
    regions.forEach(function (region) {
      var hint = region.previousElementSibling;
      if (hint && hint.classList.contains("table-scroll-hint")) {
        hint.hidden = region.scrollWidth <= region.clientWidth + 1;
      }
    });
  }
  fit();
  window.addEventListener("load", fit);
  if ("ResizeObserver" in window) {
    var observer = new ResizeObserver(fit);
    regions.forEach(function (region) { observer.observe(region); });
  } else {
    window.addEventListener("resize", fit);
  }
})();
