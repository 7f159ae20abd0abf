// Where candidacies are picked for comparison (a contest's page, the search results): the submit button of a
// form[data-compare-picker] says how many are checked, «Comparar (n)». It sits in a bar that stays on screen
// (.compare-picker-bar, sticky); without JavaScript it reads «Comparar las seleccionadas». The search results are
// replaced by htmx, so the listeners are on the document.
(() => {
  const update = (form) => {
    const button = form.querySelector("[data-compare-count]");
    if (!button) return;
    const count = form.querySelectorAll("input[name=c]:checked").length;
    button.textContent = `Comparar (${count})`;
  };
  const updateAll = () => document.querySelectorAll("form[data-compare-picker]").forEach(update);
  document.addEventListener("change", (event) => {
    const form = event.target.closest && event.target.closest("form[data-compare-picker]");
    if (form) update(form);
  });
  document.addEventListener("htmx:afterSettle", updateAll);
  updateAll();
})();
