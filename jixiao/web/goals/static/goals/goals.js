// Autocomplete for the 三级指标 cells of the goal form: typing asks the library (its HTML fragment of suggestions),
// ↑/↓ move through them, Enter (the highlighted one, else the only one that has every character typed) or a click
// picks one and fills the row (category, unit, direction, and the typical target when the cell is empty), Esc closes. Enter never submits the
// form. The form then re-checks itself (htmx, event "goals:picked").
(function () {
  "use strict";

  var form = document.getElementById("goal-form");
  if (!form) { return; }
  var box = document.createElement("div");
  box.className = "suggestion-box";
  box.id = "goal-suggestions";
  box.hidden = true;
  document.body.appendChild(box);
  var current = null, active = -1, timer = null, asked = 0;

  function options() { return Array.from(box.querySelectorAll("li[role=option]")); }

  function close() {
    box.hidden = true;
    active = -1;
    if (current) { current.setAttribute("aria-expanded", "false"); current.removeAttribute("aria-activedescendant"); }
  }

  function place(input) {
    var rect = input.getBoundingClientRect();
    box.style.left = (rect.left + window.scrollX) + "px";
    box.style.top = (rect.bottom + window.scrollY) + "px";
    box.style.minWidth = Math.max(rect.width, 360) + "px";
  }

  function rowValue(input, suffix) {
    var name = input.name.replace(/name$/, suffix);
    return form.querySelector("[name='" + name + "']");
  }

  // The names the other rows of this table already have, saved or not (not those removed with ✕): the library leaves them out (taken again,
  // one would be a repeated indicator). Only names sharing a character with what is typed can be suggested, so
  // only those are sent, and no more than fit the request line (gunicorn refuses one over 4094 bytes).
  var TAKEN_BUDGET = 2500;
  function addTaken(params, input) {
    var typed = input.value.replace(/\s+/g, ""), used = 0;
    input.closest("tbody").querySelectorAll(".ind-name").forEach(function (cell) {
      var name = cell.value.trim();
      if (cell === input || !name || cell.closest("tr").hidden || !Array.from(typed).some(function (c) { return name.indexOf(c) >= 0; })) { return; }
      used += encodeURIComponent(name).length + 7;
      if (used <= TAKEN_BUDGET) { params.append("taken", name); }
    });
  }

  function ask(input) {
    var category = rowValue(input, "category");
    var params = new URLSearchParams({ fragment: "1", q: input.value, goal_set: form.dataset.goalSet,
                                       category: category ? category.value : "" });
    addTaken(params, input);
    var mine = ++asked;
    fetch(form.dataset.library + "?" + params.toString(), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        if (mine !== asked || document.activeElement !== input) { return; }
        box.innerHTML = html;
        current = input;
        place(input);
        box.hidden = false;
        input.setAttribute("aria-expanded", "true");
        active = -1;
      });
  }

  function highlight(index) {
    var all = options();
    if (!all.length) { return; }
    active = (index + all.length) % all.length;
    all.forEach(function (li, i) { li.classList.toggle("active", i === active); li.setAttribute("aria-selected", i === active ? "true" : "false"); });
    current.setAttribute("aria-activedescendant", all[active].id);
    all[active].scrollIntoView({ block: "nearest" });
  }

  function set(field, value, onlyWhenEmpty) {
    if (!field || (onlyWhenEmpty && field.value.trim())) { return; }
    field.value = value;
  }

  function pick(li) {
    var input = current;
    input.value = li.dataset.name;
    set(rowValue(input, "category"), li.dataset.category, false);
    set(rowValue(input, "unit_of_measure"), li.dataset.unit, false);
    set(rowValue(input, "direction"), li.dataset.direction, false);
    set(rowValue(input, "target"), li.dataset.target, true);
    close();
    input.focus();
    form.dispatchEvent(new Event("goals:picked", { bubbles: true }));
  }

  function covers(name, typed) {
    return Array.from(typed.replace(/\s/g, "")).every(function (ch) { return name.indexOf(ch) >= 0; });
  }

  function isNameCell(el) { return el && el.matches && el.matches(".ind-name"); }

  form.addEventListener("focusin", function (event) {
    var input = event.target;
    if (!isNameCell(input)) { return; }
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", box.id);
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");
  });

  form.addEventListener("input", function (event) {
    var input = event.target;
    if (!isNameCell(input)) { return; }
    clearTimeout(timer);
    if (!input.value.trim()) { close(); return; }
    timer = setTimeout(function () { ask(input); }, 250);
  });

  form.addEventListener("keydown", function (event) {
    if (!isNameCell(event.target) || box.hidden || event.target !== current) { return; }
    if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
    else if (event.key === "Enter") {
      // a new user typed, saw the suggestion wanted on top and pressed Enter: it takes it without ↓ first; but only
      // when it is the one suggestion with every character typed (资金及时 → 资金拨付及时率): another typed a whole
      // new name and Enter put an unrelated first suggestion in its place, and a third typed 满意度 and got
      // 农民工满意度, one of several that have it (Enter then keeps what was typed)
      event.preventDefault();
      var all = options();
      var covering = all.filter(function (li) { return covers(li.dataset.name, current.value); });
      var chosen = active >= 0 ? all[active] : covering.length === 1 ? covering[0] : null;
      if (chosen) { pick(chosen); } else { close(); }
    }
    else if (event.key === "Escape") { event.preventDefault(); close(); }
  });

  form.addEventListener("focusout", function (event) {
    if (isNameCell(event.target)) { setTimeout(function () { if (!box.contains(document.activeElement)) { close(); } }, 200); }
  });

  box.addEventListener("mousedown", function (event) {
    var li = event.target.closest("li[role=option]");
    if (li) { event.preventDefault(); pick(li); }
  });
})();

// Rows of the goal form's tables: 添加一行 adds an empty row after the last (a new user could not add a third
// indicator without saving first), ✕ removes a row: hidden and marked removed (`<row>delete` = 1), which the save
// takes as removed whatever its cells hold (its dropdowns keep their values). Without script the empty rows the page
// ends each table with still take new indicators, and a row emptied in every cell is still removed.
(function () {
  "use strict";

  var form = document.getElementById("goal-form");
  if (!form) { return; }

  function recheck() { form.dispatchEvent(new Event("goals:rows", { bubbles: true })); }

  function addRow(fieldset) { return window.jixiaoGrid.addRow(fieldset, "template.goal-row-template"); }  // app.js

  function typed(tr) {
    return Array.from(tr.querySelectorAll("input:not([type=hidden]), select, textarea")).some(function (cell) {
      return cell.value.trim() !== "";
    });
  }

  function removeRow(tr) {
    var name = tr.querySelector(".ind-name");
    var mark = document.createElement("input");
    mark.type = "hidden";
    mark.name = name.name.replace(/name$/, "delete");
    mark.value = "1";
    tr.appendChild(mark);
    tr.hidden = true;
  }

  form.addEventListener("click", function (event) {
    var target = event.target;
    if (target.matches("button.add-goal-row")) {
      var row = addRow(target.closest("fieldset"));
      row.querySelector(".ind-name").focus();
      recheck();
    } else if (target.matches("button.delete-goal-row")) {
      var tr = target.closest("tr");
      // an empty row goes without asking; one with something in it is asked about, as the 自评 tables do
      if (typed(tr) && !window.confirm("删除这一行？保存后才生效，保存前可刷新页面放弃。")) { return; }
      removeRow(tr);
      window.jixiaoGrid.focusAfterRemoval(tr, "button.delete-goal-row", "button.add-goal-row");  // app.js
      recheck();
    }
  });
})();

// A save brings the page back where the user was, not to its top (the form of a department with twenty projects is
// thousands of pixels tall, and a new user lost their place at each save): the position is kept for this page at
// submit and taken back once when the page comes again within a minute, saved or refused. What the save said, at the
// top of the page, is repeated beside 保存 where the user looks. Not after a conflict (its table at the top is to be
// read first), nor when the address names a place (a finding's link).
(function () {
  "use strict";

  var form = document.getElementById("goal-form");
  if (!form) { return; }
  var key = "goals-place:" + window.location.pathname;

  form.addEventListener("submit", function () {
    // kept as how far the form's top is above the window's: a message above the form comes and goes with the save
    var y = -form.getBoundingClientRect().top;
    try { window.sessionStorage.setItem(key, JSON.stringify({ y: y, at: Date.now() })); } catch (e) { /* private mode */ }
  });

  function kept() {
    try {
      var place = JSON.parse(window.sessionStorage.getItem(key) || "null");
      window.sessionStorage.removeItem(key);
      return place && typeof place.y === "number" && Date.now() - place.at < 60000 ? place : null;
    } catch (e) { return null; }
  }

  function comeBack() {
    var place = kept();
    if (!place || window.location.hash || document.querySelector("[data-testid=conflict]")) { return; }
    window.scrollTo(0, form.getBoundingClientRect().top + window.scrollY + place.y);
    var said = document.querySelector("main > .message[role=status], main > .message.error[role=alert]");
    var bar = form.querySelector(".actions");
    if (!said || !bar) { return; }
    var note = document.createElement("span");
    note.className = said.className.replace(/\bmessage\b/, "said");  // its kind (success, warning, error) kept
    note.setAttribute("data-testid", "save-said");
    note.setAttribute("aria-hidden", "true");  // read once, at the top
    note.textContent = said.textContent;
    var hint = bar.querySelector(".hint");
    if (hint) { hint.remove(); }
    bar.appendChild(note);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", comeBack); } else { comeBack(); }
})();
