// Capture forms: focus the error summary after a failed save, and hide the «estatus» question for the
// grados that do not take one. Without JavaScript the question stays visible with a note, and the server
// ignores it for those grados.
(function () {
  "use strict";

  function focusSummary() {
    var summary = document.querySelector("[data-focus-on-load]");
    if (summary) {
      summary.focus();
    }
  }

  function statusToggles() {
    document.querySelectorAll("[data-status-for]").forEach(function (fieldset) {
      var levelName = fieldset.getAttribute("data-status-for");
      var hideFor = fieldset.getAttribute("data-hide-for").split("|");
      var radios = document.querySelectorAll('input[type="radio"][name="' + levelName + '"]');

      function apply() {
        var chosen = document.querySelector('input[type="radio"][name="' + levelName + '"]:checked');
        var hidden = chosen !== null && hideFor.indexOf(chosen.value) !== -1;
        fieldset.hidden = hidden;
        fieldset.disabled = hidden;
      }

      radios.forEach(function (radio) {
        radio.addEventListener("change", apply);
      });
      apply();
    });
  }

  function init() {
    statusToggles();
    focusSummary();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
