/* Identity questionnaire, progressive enhancement (the form works without it):
   - a dependent question is hidden until its parent question is answered with the triggering option;
   - the «Especifique» input is shown only while an option that asks for it is chosen;
   - in a multiple-choice question, «Prefiero no contestar» unchecks the other options and vice versa;
   - after a refused save, the focus goes to the error summary. */
(function () {
  "use strict";

  function chosenValues(form, name) {
    var values = [];
    form.querySelectorAll('[name="' + name + '"]').forEach(function (input) {
      if (input.tagName === "SELECT") {
        Array.prototype.forEach.call(input.selectedOptions, function (option) { values.push(option.value); });
      } else if (input.checked) {
        values.push(input.value);
      }
    });
    return values;
  }

  function detailWanted(fieldset) {
    var wanted = false;
    fieldset.querySelectorAll("[data-requires-detail]").forEach(function (element) {
      if (element.tagName === "OPTION" ? element.selected : element.checked) { wanted = true; }
    });
    return wanted;
  }

  function init() {
    var form = document.querySelector("form.identity-form");
    if (!form) { return; }
    var fieldsets = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-question]"));
    var byName = {};
    fieldsets.forEach(function (fieldset) { byName[fieldset.dataset.question] = fieldset; });

    function isVisible(fieldset, seen) {
      var parentName = fieldset.dataset.parent;
      if (!parentName) { return true; }
      var parent = byName[parentName];
      if (!parent || seen.indexOf(parentName) !== -1) { return false; }
      return isVisible(parent, seen.concat([parentName])) &&
        chosenValues(form, parentName).indexOf(fieldset.dataset.parentOption) !== -1;
    }

    function refresh() {
      fieldsets.forEach(function (fieldset) {
        fieldset.hidden = !isVisible(fieldset, [fieldset.dataset.question]);
        var detail = fieldset.querySelector(".identity-detail");
        if (detail) { detail.hidden = !detailWanted(fieldset); }
      });
    }

    form.addEventListener("change", function (event) {
      var input = event.target;
      if (input.type === "checkbox" && input.checked) {
        var fieldset = input.closest("fieldset");
        fieldset.querySelectorAll('input[type="checkbox"]').forEach(function (other) {
          if (other !== input && (input.hasAttribute("data-decline") || other.hasAttribute("data-decline"))) {
            other.checked = false;
          }
        });
      }
      refresh();
    });
    refresh();
    var summary = document.getElementById("errores");
    if (summary) { summary.focus(); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
