// The scoring page of the qualitative evaluation: the running total of what is marked, the dependency rule (a
// dependent variable fails when its rubro's first variable fails) and the keyboard shortcuts listed on the page.
// Without JavaScript the page works the same: the server applies the rule and computes the total when saving.
(() => {
  const form = document.getElementById("score-form");
  if (!form) return;
  const variables = Array.from(form.querySelectorAll("fieldset.score-variable"));
  const output = document.getElementById("running-total");
  let current = 0;

  const checked = (fieldset) => fieldset.querySelector("input[type=radio]:checked");
  const radio = (fieldset, value) => fieldset.querySelector(`input[type=radio][value="${value}"]`);

  const applyDependency = () => {
    for (const fieldset of variables.filter((f) => f.hasAttribute("data-dependent"))) {
      const first = variables.find((f) => f.dataset.rubro === fieldset.dataset.rubro && f.hasAttribute("data-first"));
      const failed = first && checked(first) && checked(first).value === "0";
      radio(fieldset, "1").disabled = Boolean(failed);
      if (failed) radio(fieldset, "0").checked = true;
    }
  };

  const total = () => {
    applyDependency();
    output.value = variables.reduce((sum, fieldset) => {
      const choice = checked(fieldset);
      if (!choice) return sum;
      return sum + Number(choice.value === "1" ? fieldset.dataset.met : fieldset.dataset.notMet);
    }, 0);
  };

  const highlight = (index) => {
    current = Math.max(0, Math.min(variables.length - 1, index));
    variables.forEach((fieldset, i) => fieldset.classList.toggle("border-primary", i === current));
    variables[current].scrollIntoView({ block: "nearest" });
  };

  form.addEventListener("change", total);
  form.addEventListener("focusin", (event) => {
    const index = variables.findIndex((f) => f.contains(event.target));
    if (index >= 0) highlight(index);
  });

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input[type=text], input[type=search], textarea, select")) return;
    const answer = { 1: "1", 2: "0" }[event.key];
    if (answer !== undefined && variables.length) {
      const choice = radio(variables[current], answer);
      if (!choice.disabled) choice.checked = true;
      total();
      highlight(current + 1);
      event.preventDefault();
    } else if (event.key === "j" || event.key === "k") {
      highlight(current + (event.key === "j" ? 1 : -1));
      event.preventDefault();
    } else {
      const target = form.querySelector(`[data-key="${event.key}"]`);
      if (!target) return;
      event.preventDefault();
      if (target.tagName === "A") window.location.assign(target.href);
      else form.requestSubmit(target);
    }
  });

  total();
  if (variables.length) highlight(0);
})();
