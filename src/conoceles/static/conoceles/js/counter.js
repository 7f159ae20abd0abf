// Character counters of the capture forms: «N de M caracteres» under each textarea with data-limit.
// Counts like the server (conoceles.questionnaires.services.text_length): line endings as "\n", outer
// whitespace removed, Unicode code points (an emoji is one character).
(function () {
  "use strict";
  var format = new Intl.NumberFormat("es-MX");

  function length(value) {
    return Array.from(value.replace(/\r\n?/g, "\n").replace(/\u0000/g, "").trim()).length;
  }

  function update(counter, field) {
    var limit = parseInt(counter.getAttribute("data-limit"), 10);
    var count = length(field.value);
    var over = count > limit;
    counter.textContent = format.format(count) + " de " + format.format(limit) + " caracteres" +
      (over ? ": excede el máximo por " + format.format(count - limit) : "");
    counter.classList.toggle("text-danger", over);
    counter.classList.toggle("fw-semibold", over);
  }

  function init() {
    document.querySelectorAll("[data-counter-for]").forEach(function (counter) {
      var field = document.getElementById(counter.getAttribute("data-counter-for"));
      if (!field) {
        return;
      }
      field.addEventListener("input", function () {
        update(counter, field);
      });
      update(counter, field);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
