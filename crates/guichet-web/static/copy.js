// Guichet — a "Copy" button beside a read-only field (a viewing link just created).
// Progressive: without it (or without the clipboard) the field is selected and copied by hand.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (!field || !status || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        status.textContent = button.getAttribute("data-copied");
      }, function () {
        field.select();
        status.textContent = button.getAttribute("data-copy-failed");
      });
    });
  });
})();
