// govai's HTML page: the language switch, search and filters, the timeline's zoom, brush and
// tooltips. Without this script the page still shows every event, in one language.
"use strict";
(() => {
  const root = document.documentElement;
  const $ = (selector, from = document) => from.querySelector(selector);
  const $$ = (selector, from = document) => [...from.querySelectorAll(selector)];

  // ---- language: <html data-lang> picks which span of each pair the CSS shows
  const langButtons = $$("[data-set-lang]");
  function setLang(lang) {
    if (root.dataset.lang !== lang) {
      root.lang = root.dataset.lang = lang; // restyles the whole page: only when it changes
      document.title = lang === "fr" ? root.dataset.titleFr : root.dataset.titleEn;
    }
    for (const button of langButtons) button.setAttribute("aria-pressed", String(button.dataset.setLang === lang));
    tip.hidden = true;
  }
  for (const button of langButtons) button.addEventListener("click", () => setLang(button.dataset.setLang));
  $(".langs").hidden = false;

  // The text of an element in the language shown.
  function shown(element) {
    const copy = element.cloneNode(true);
    for (const other of $$(`:is(span, tspan)[lang="${root.dataset.lang === "fr" ? "en" : "fr"}"]`, copy)) other.remove();
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  const tip = $("#tip");
  setLang(root.dataset.lang);
  const form = $("#controls");
  const svg = $("#chart");
  if (!form || !svg) return; // no event

  // ---- search: folded with the table textnorm.fold wrote into the page
  const FOLD = JSON.parse($("#fold-map").textContent);
  const foldable = new RegExp(`[${Object.keys(FOLD).map((c) => `\\u{${c.codePointAt(0).toString(16)}}`).join("")}]`, "gu");
  const fold = (text) => text.replace(foldable, (c) => FOLD[c]);
  const special = /[.*+?^${}()|[\]\\]/g;
  // Each word of the query must start a word of the event (after folding).
  const patterns = (query) =>
    fold(query).split(" ").filter(Boolean).map((word) => new RegExp(`(?<![\\p{L}\\p{N}])${word.replace(special, "\\$&")}`, "u"));

  // ---- filters
  const articles = $$("article.event");
  const marks = new Map($$("a.mark", svg).map((mark) => [mark.id.slice(2), mark])); // by event id: m-ID, e-ID
  let texts = null; // each event's folded text, made at the first search
  const checked = (name) => new Set($$(`input[name="${name}"]:checked`, form).map((input) => input.value));

  function apply() {
    const query = patterns(form.q.value);
    if (query.length && !texts) texts = articles.map((a) => fold($$(".s", a).map((e) => e.textContent).join(" ")));
    const sets = ["lane", "kind", "topic"].map((name) => [name, checked(name)]);
    const from = +form.from.value;
    const to = +form.to.value;
    let count = 0;
    articles.forEach((article, i) => {
      const data = article.dataset;
      const keep =
        +data.y1 >= from &&
        +data.y0 <= to &&
        sets.every(([name, set]) => !set.size || data[name].split(" ").some((value) => set.has(value))) &&
        query.every((pattern) => pattern.test(texts[i]));
      article.parentElement.hidden = !keep;
      marks.get(article.id.slice(2)).classList.toggle("off", !keep);
      count += keep;
    });
    $("#count").value = count;
    for (const output of $$(".years output", form)) output.value = output.previousElementSibling.value;
    zoom(from, to + 1);
  }

  let timer;
  form.addEventListener("input", (event) => {
    const { from, to } = form;
    if (event.target === from && +from.value > +to.value) to.value = from.value;
    if (event.target === to && +to.value < +from.value) from.value = to.value;
    clearTimeout(timer);
    timer = setTimeout(apply, event.target === form.q ? 150 : 0);
  });
  form.addEventListener("reset", () => setTimeout(apply));
  form.addEventListener("submit", (event) => event.preventDefault());

  // ---- timeline: the same linear scale as export/html_timeline.py Scale, over the years chosen
  const config = svg.dataset;
  const [WIDTH, PAD, BAR, TICK] = [config.width, config.pad, config.bar, config.tick].map(Number);
  const STEPS = config.steps.split(" ").map(Number);
  let range = [+config.t0, +config.t1];
  const xOf = (t) => PAD + ((t - range[0]) / (range[1] - range[0])) * (WIDTH - 2 * PAD);

  function zoom(t0, t1) {
    range = [t0, t1];
    const step = STEPS.find((s) => (s * (WIDTH - 2 * PAD)) / (t1 - t0) >= TICK) ?? STEPS[STEPS.length - 1];
    for (const tick of $$(".tick", svg)) {
      const year = +tick.dataset.year;
      const [line, label] = tick.children;
      tick.classList.toggle("off", year < t0 || year > t1);
      line.setAttribute("x1", xOf(year));
      line.setAttribute("x2", xOf(year));
      label.setAttribute("x", xOf(year + 0.5));
      label.classList.toggle("minor", year % step !== 0 || year === t1);
    }
    for (const mark of marks.values()) {
      const [a, b] = [+mark.dataset.a, +mark.dataset.b];
      const shape = $("circle, rect", mark);
      if (shape.tagName === "rect") {
        shape.setAttribute("x", xOf(a));
        shape.setAttribute("width", Math.max(xOf(b) - xOf(a), BAR));
      } else {
        shape.setAttribute("cx", xOf((a + b) / 2));
      }
    }
  }

  // Drag across the timeline (mouse or pen) to pick years; on a touch screen, the sliders.
  const brush = $(".brush", svg);
  const svgX = (event) => new DOMPoint(event.clientX, event.clientY).matrixTransform(svg.getScreenCTM().inverse()).x;
  const yearAt = (x) => Math.floor(range[0] + ((x - PAD) / (WIDTH - 2 * PAD)) * (range[1] - range[0]));
  let start = null;
  svg.addEventListener("pointerdown", (event) => {
    if (event.button !== 0 || event.pointerType === "touch" || event.target.closest(".mark")) return;
    start = svgX(event);
    svg.setPointerCapture(event.pointerId);
  });
  svg.addEventListener("pointermove", (event) => {
    if (start === null) return;
    const x = svgX(event);
    brush.setAttribute("x", Math.min(start, x));
    brush.setAttribute("width", Math.abs(x - start));
  });
  svg.addEventListener("pointerup", (event) => {
    if (start === null) return;
    const [left, right] = [start, svgX(event)].sort((p, q) => p - q);
    start = null;
    brush.setAttribute("width", 0);
    if (right - left < 6) return; // a click, not a drag
    form.from.value = yearAt(left);
    form.to.value = yearAt(right);
    apply();
  });

  // Tooltips on hover and focus: the date and title, in the language shown.
  function showTip(mark) {
    const article = document.getElementById(`e-${mark.id.slice(2)}`);
    tip.textContent = `${shown($(".date", article))} — ${shown($("h3", article))}`;
    tip.hidden = false;
    const box = mark.getBoundingClientRect(); // the tip is fixed: in the window's coordinates
    tip.style.left = `${Math.max(2, Math.min(box.left, root.clientWidth - tip.offsetWidth - 2))}px`;
    const below = box.bottom + 6;
    tip.style.top = `${below + tip.offsetHeight > root.clientHeight ? box.top - tip.offsetHeight - 6 : below}px`;
  }
  const markOf = (event) => event.target.closest("a.mark");
  svg.addEventListener("mouseover", (event) => markOf(event) && showTip(markOf(event)));
  svg.addEventListener("focusin", (event) => markOf(event) && showTip(markOf(event)));
  svg.addEventListener("mouseout", (event) => markOf(event) && (tip.hidden = true));
  svg.addEventListener("focusout", () => (tip.hidden = true));
  document.addEventListener("keydown", (event) => event.key === "Escape" && (tip.hidden = true));
  window.addEventListener("scroll", () => (tip.hidden = true), { passive: true });

  // A mark opens its event: the link scrolls to it; focus follows, for the keyboard.
  window.addEventListener("hashchange", () => {
    const target = document.getElementById(location.hash.slice(1));
    tip.hidden = true;
    if (target && target.matches("article")) {
      target.tabIndex = -1;
      target.focus({ preventScroll: true });
    }
  });

  form.hidden = false;
  // The browser may restore the controls (back button): then show what they say.
  const changed = (input) => (input.type === "checkbox" ? input.checked !== input.defaultChecked : input.value !== input.defaultValue);
  if ([...form.elements].some((input) => input.matches("input") && changed(input))) apply();
})();
