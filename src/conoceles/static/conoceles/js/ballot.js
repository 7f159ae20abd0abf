// «Tu boleta»: the browser finds the sección's ballot in the lookup files (/boleta/secciones/<n>.json, static in the
// snapshot) and goes to its page, without asking the application; anything unexpected falls back to submitting the
// form, which the application answers (errors in Spanish, or a redirect). On a ballot page, shows the sección asked
// and puts in each contest's candidacies, read from the contest's fragment (without JavaScript, a link to the
// contest's page stays in their place). The contests fold; see below.
(() => {
  document.querySelectorAll("[data-contest-fragment]").forEach(async (slot) => {
    try {
      const response = await fetch(slot.dataset.contestFragment);
      if (!response.ok) return;
      const html = await response.text();
      const base = new URL(slot.dataset.contestFragment, window.location.href);
      const fragment = document.createRange().createContextualFragment(html);
      // The fragment's links are relative to its own address: make them absolute before moving them here.
      fragment.querySelectorAll("[href], [src]").forEach((element) => {
        for (const name of ["href", "src"]) {
          if (element.hasAttribute(name)) element.setAttribute(name, new URL(element.getAttribute(name), base).href);
        }
      });
      slot.replaceChildren(fragment);
    } catch (error) {
      // the link to the contest's page stays
    }
  });

  // The contests fold (<details>): all open on a wide screen; on a phone, the one a link of the list opens.
  const contests = document.querySelectorAll("details.ballot-contest");
  if (window.matchMedia("(min-width: 768px)").matches) contests.forEach((details) => { details.open = true; });
  const openTarget = (hash) => {
    const target = hash.length > 1 ? document.getElementById(decodeURIComponent(hash.slice(1))) : null;
    if (target && target.matches("details.ballot-contest")) target.open = true;
  };
  document.querySelectorAll('a[href^="#contienda-"]').forEach((link) => {
    link.addEventListener("click", () => openTarget(link.getAttribute("href")));
  });
  openTarget(window.location.hash);

  const form = document.querySelector("form[data-ballot-lookup]");
  if (!form) return;
  const input = form.querySelector("input[name=seccion]");
  const asked = new URLSearchParams(window.location.search).get("seccion");
  const shown = document.getElementById("seccion-actual");
  if (shown && asked && /^[0-9]{1,9}$/.test(asked)) {
    shown.textContent = `Sección ${Number(asked)}`;
    shown.hidden = false;
    input.value = String(Number(asked));
  }
  form.addEventListener("submit", async (event) => {
    const value = input.value.trim();
    if (!/^[0-9]{1,9}$/.test(value)) return;
    event.preventDefault();
    const number = Number(value);
    const shard = Math.floor(number / Number(form.dataset.shardSize));
    try {
      const response = await fetch(form.dataset.ballotLookup.replace(/0\.json$/, `${shard}.json`));
      const keys = response.ok ? await response.json() : {};
      if (keys[String(number)]) {
        const page = form.dataset.ballotBase.replace(/0\/$/, `${keys[String(number)]}/`);
        window.location.assign(`${page}?seccion=${number}`);
        return;
      }
    } catch (error) {
      // the application answers instead
    }
    form.submit();
  });
})();
