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
