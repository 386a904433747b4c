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

// Tables in a scrolling region ({% scrollable %}): the hint "faites défiler…" and the extra
// tab stop are only for a table wider than the screen. Without this script both stay.
(function () {
  "use strict";
  var regions = document.querySelectorAll(".table-scroll");
  if (!regions.length) { return; }
  function fit() {
    regions.forEach(function (region) {
      var scrolls = region.scrollWidth > region.clientWidth + 1;
      var hint = region.previousElementSibling;
      if (hint && hint.classList.contains("table-scroll-hint")) { hint.hidden = !scrolls; }
      if (scrolls) { region.setAttribute("tabindex", "0"); } else { region.removeAttribute("tabindex"); }
    });
  }
  fit();
  var pending = null;
  window.addEventListener("resize", function () {
    if (pending) { window.cancelAnimationFrame(pending); }
    pending = window.requestAnimationFrame(fit);
  });
})();
