// Grid editing: Enter moves down a row, paste of several cells (from Excel) fills across and down, rows can be added
// and removed. Every change is announced with an "input" event so that htmx asks the server for the new scores.
(function () {
  "use strict";

  function grid(el) { return el.closest("fieldset.grid-block"); }
  function rowsOf(block) { return Array.from(block.querySelectorAll("tbody tr")).filter(function (r) { return !r.hidden; }); }

  // a new row from the block's <template> (`selector`: which one, the 自评 grids' by default), numbered by its counter;
  // the goals editor adds its rows with it too (window.jixiaoGrid.addRow)
  function addRow(block, selector) {
    var template = block.querySelector(selector || "template.row-template");
    var counter = block.querySelector("input.row-count");
    var index = parseInt(counter.value, 10) || 0;
    var html = template.innerHTML.replace(/__i__/g, String(index));
    var body = block.querySelector("tbody");
    body.insertAdjacentHTML("beforeend", html);
    counter.value = String(index + 1);
    var row = body.lastElementChild;
    if (window.htmx) { window.htmx.process(row); }
    return row;
  }
  // after a row is removed, the keyboard stays in its table: on the ✕ of the next row shown, else of the row before,
  // else on the table's 添加一行 (focus fell to <body>, the top of a page thousands of pixels tall: trial)
  function focusAfterRemoval(tr, remove, add) {
    var next = tr.nextElementSibling, before = tr.previousElementSibling;
    while (next && next.hidden) { next = next.nextElementSibling; }
    while (before && before.hidden) { before = before.previousElementSibling; }
    var target = (next && next.querySelector(remove)) || (before && before.querySelector(remove)) ||
      tr.closest("fieldset").querySelector(add);
    if (target) { target.focus(); }
  }
  window.jixiaoGrid = { addRow: addRow, focusAfterRemoval: focusAfterRemoval };

  // a cell's input: an input, a select, or a text area that wraps a one-line text (fields.Field.wrap, textarea.wrap)
  function cellsOf(row) {
    return Array.from(row.querySelectorAll("td > input:not([type=hidden]), td > select, td > textarea.wrap"));
  }

  function announce(el) { el.dispatchEvent(new Event("input", { bubbles: true })); }

  function setValue(input, text) {
    text = text.trim();
    if (input.type === "checkbox") { input.checked = /^(1|是|√|on|true|yes|y)$/i.test(text); return; }
    if (input.tagName === "SELECT") {
      var option = Array.from(input.options).find(function (o) { return o.value === text || o.text === text; });
      input.value = option ? option.value : "";
      return;
    }
    input.value = text;
  }

  // 填入计算结果: a stated score or grade takes what the rules compute now, as the live panel shows it (the panel
  // is redrawn on each preview), and the preview runs again; with nothing computed whole, the field says why
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.fill-computed");
    if (!button) { return; }
    var input = document.getElementById(button.dataset.for);
    var source = document.querySelector('#panel [data-computed="' + button.dataset.fill + '"]');
    var feedback = document.getElementById("fb-" + button.dataset.for);
    if (!input) { return; }
    if (!source) {
      if (feedback) { feedback.textContent = "尚无完整的计算结果（未选择评分方案、有指标或预算执行未计分，或分值有误），暂不能填入"; }
      return;
    }
    setValue(input, source.textContent);
    announce(input);
  });

  // a form that takes something away asks first (data-confirm holds the question); without script it is sent
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target.matches("button.add-row")) {
      var row = addRow(grid(target));
      var first = cellsOf(row)[0];
      if (first) { first.focus(); }
    } else if (target.matches("button.delete-block")) {
      if (!window.confirm("删除这一项及其下的全部指标或选项？保存后才生效，保存前可刷新页面放弃。")) { return; }
      var block = target.closest("fieldset.block");
      block.querySelectorAll(".fields input:not([type=hidden]), .fields textarea, .fields select").forEach(function (input) { input.value = ""; });
      block.querySelectorAll("tbody tr").forEach(markDeleted);
      block.hidden = true;
      announce(target.closest("form"));
    } else if (target.matches("button.delete-row")) {
      if (!window.confirm("删除这一行？保存后才生效，保存前可刷新页面放弃。")) { return; }
      markDeleted(target.closest("tr"));
      focusAfterRemoval(target.closest("tr"), "button.delete-row", "button.add-row");
      announce(target.closest("form"));
    }
  });

  function markDeleted(tr) {
    cellsOf(tr).forEach(function (input) { if (input.type === "checkbox") { input.checked = false; } else { input.value = ""; } });
    var origin = tr.querySelector("input[name$='-origin']");
    if (origin) {  // say so explicitly: the server removes a stored row only when the post names it
      var mark = document.createElement("input");
      mark.type = "hidden";
      mark.name = origin.name.replace(/-origin$/, "-delete");
      mark.value = "1";
      tr.appendChild(mark);
    }
    tr.hidden = true;
  }

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    // a button in a row (its ✕) keeps Enter, which presses it, for those who remove a row from the keyboard
    // a one-line text that wraps (textarea.wrap) takes no line break: Enter moves on as in an input
    if (event.key !== "Enter" || !input.closest || !input.closest("table.grid") || input.tagName === "BUTTON" ||
        (input.tagName === "TEXTAREA" && !input.classList.contains("wrap"))) { return; }
    event.preventDefault();
    var block = grid(input);
    if (!block) { return; }  // a table that is not an entry grid (the goals' rows): Enter only never submits
    var tr = input.closest("tr");
    var column = cellsOf(tr).indexOf(input);
    var rows = rowsOf(block);
    var next = rows[rows.indexOf(tr) + (event.shiftKey ? -1 : 1)];
    if (!next && !event.shiftKey) { next = addRow(block); }
    if (next) { var cell = cellsOf(next)[column]; if (cell) { cell.focus(); if (cell.select) { cell.select(); } } }
  });

  document.addEventListener("paste", function (event) {
    var input = event.target;
    if (!input.closest || !input.closest("table.grid")) { return; }
    var text = (event.clipboardData || window.clipboardData).getData("text");
    if (text.indexOf("\t") < 0 && text.indexOf("\n") < 0) { return; }
    var block = grid(input);
    if (!block) { return; }  // not an entry grid: the browser pastes as usual
    event.preventDefault();
    var lines = text.replace(/\r/g, "").split("\n");
    if (lines.length && lines[lines.length - 1] === "") { lines.pop(); }
    var tr = input.closest("tr");
    var column = cellsOf(tr).indexOf(input);
    var rows = rowsOf(block);
    var rowIndex = rows.indexOf(tr);
    lines.forEach(function (line, offset) {
      var row = rows[rowIndex + offset] || addRow(block);
      rows = rowsOf(block);
      var cells = cellsOf(row);
      line.split("\t").forEach(function (value, k) { if (cells[column + k]) { setValue(cells[column + k], value); } });
    });
    announce(input);
  });

  // The findings panel folds away to a strip on narrower screens, so that every column of a table can be reached;
  // the choice is remembered for the next page.
  function foldPanel(folded) {
    var workspace = document.querySelector(".workspace");
    var toggle = document.querySelector(".panel-toggle");
    if (!workspace || !toggle) { return; }
    workspace.classList.toggle("panel-folded", folded);
    toggle.setAttribute("aria-expanded", folded ? "false" : "true");
    toggle.textContent = folded ? "◂ 评分与审核" : "评分与审核 ▸";
  }
  document.addEventListener("click", function (event) {
    if (!event.target.matches || !event.target.matches(".panel-toggle")) { return; }
    var folded = !document.querySelector(".workspace").classList.contains("panel-folded");
    try { window.localStorage.setItem("jixiao-panel-folded", folded ? "1" : ""); } catch (e) { /* private mode */ }
    foldPanel(folded);
  });
  document.addEventListener("DOMContentLoaded", function () {
    var stored = "";
    try { stored = window.localStorage.getItem("jixiao-panel-folded") || ""; } catch (e) { /* private mode */ }
    if (stored) { foldPanel(true); }
  });
  document.addEventListener("htmx:afterSwap", function () {  // the panel is replaced by each preview
    if (document.querySelector(".workspace.panel-folded")) { foldPanel(true); }
  });

  // Table cells whose text cannot be read are marked as the preview finds them, as ordinary fields are.
  function markGridErrors() {
    var list = document.getElementById("grid-errors");
    if (!list) { return; }
    document.querySelectorAll("table.grid .live-error").forEach(function (el) { el.remove(); });
    document.querySelectorAll("table.grid td.live-invalid").forEach(function (td) { td.classList.remove("live-invalid", "invalid"); });
    list.querySelectorAll("span[data-name]").forEach(function (span) {
      var input = document.querySelector("#entry [name='" + span.getAttribute("data-name").replace(/'/g, "\\'") + "']");
      if (!input) { return; }
      var td = input.closest("td");
      td.classList.add("invalid", "live-invalid");
      var note = document.createElement("div");
      note.className = "error live-error";
      note.textContent = span.textContent;
      td.appendChild(note);
    });
  }
  document.addEventListener("htmx:afterSettle", markGridErrors);

  // A link to a finding (#find:projects[3].indicators[2].actual) scrolls to its field, or to the row it is in.
  // A grid's cell has no id of its own: its row has (at-goals[2].indicators[4]) and its input is named by the row's
  // place and the field (goals-0-4-actual), so the part of the path cut off to find the row names the cell's input.
  function findTarget(path) {
    var el = document.getElementById("f-" + path), full = path;
    while (!el && path) {
      el = document.getElementById("at-" + path);
      if (el) { return { el: el, field: full.slice(path.length).replace(/^\./, "") }; }
      var cut = Math.max(path.lastIndexOf("."), path.lastIndexOf("["));
      path = cut > 0 ? path.slice(0, cut) : "";
    }
    return el ? { el: el, field: "" } : null;
  }
  function showFound() {
    var hash = decodeURIComponent(window.location.hash || "");
    if (hash.indexOf("#find:") !== 0) { return; }
    var found = findTarget(hash.slice(6));
    if (!found) { return; }
    var el = found.el;
    var box = el.closest(".field, tr") || el;
    box.scrollIntoView({ block: "center" });
    box.classList.add("found");
    var cell = found.field && box.querySelector('[name$="-' + found.field.replace(/["\\]/g, "") + '"]:not([type=hidden])');
    var input = cell || box.querySelector("input:not([type=hidden]), select, textarea") || el;
    if (input.focus) { input.focus({ preventScroll: true }); }
  }
  document.addEventListener("DOMContentLoaded", showFound);
  window.addEventListener("hashchange", showFound);

  // An explanation asked for by clicking a score is shown at the top of the panel, in view.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail && event.detail.target && event.detail.target.id === "explain") {
      var workspace = document.querySelector(".workspace.panel-folded");
      if (workspace) { foldPanel(false); }
      event.detail.target.scrollIntoView({ block: "nearest" });
    }
  });

  // Unsaved work is not lost by a stray click on a link.
  var dirty = false;
  document.addEventListener("input", function (event) { if (event.target.closest && event.target.closest("#entry")) { dirty = true; } });
  document.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) { if (dirty) { event.preventDefault(); event.returnValue = ""; } });
})();

// A one-line text that wraps (textarea.wrap) is as tall as its lines: CSS field-sizing does it where the browser
// has it; elsewhere its height follows what it holds, as drawn and as typed.
(function () {
  "use strict";
  if (window.CSS && CSS.supports && CSS.supports("field-sizing", "content")) { return; }
  function fit(area) { area.style.height = "auto"; area.style.height = area.scrollHeight + 2 + "px"; }
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("textarea.wrap")) { fit(event.target); }
  });
  function fitAll() { document.querySelectorAll("textarea.wrap").forEach(fit); }
  document.addEventListener("DOMContentLoaded", fitAll);
  window.addEventListener("resize", fitAll);
})();

// A select of class go-to goes to the address chosen (the project navigation); bound here because the
// Content-Security-Policy refuses inline event handlers.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select.matches && select.matches("select.go-to") && select.value) { window.location = select.value; }
  });
})();

// The browser's own check of a form (a required field left empty, text too long, a number out of range) speaks the
// browser's language: Chromium says "Please fill out this field.". Every page says it in Chinese instead, naming the
// field by its label (请填写“用户名”), through the Constraint Validation API: the message is set when the check
// fails, and taken back as soon as the field changes or the form is sent again, so that a field refused once is not
// held invalid after it is filled. The server checks the same fields, in Chinese, when this check is bypassed.
(function () {
  "use strict";
  var OURS = "jixiaoValidity";  // data-jixiao-validity: the message on the field is ours, to take back

  // the label's own words: without the controls inside it (a select's options), a closing colon or a closing
  // parenthesised note (令牌名称（使用它的系统，最多 40 个字符） → 令牌名称)
  function labelOf(el) {
    var text = "";
    var label = el.type === "radio" ? el.closest("fieldset") && el.closest("fieldset").querySelector("legend")
      : el.labels && el.labels[0];
    if (label) {
      var copy = label.cloneNode(true);
      copy.querySelectorAll("input, select, textarea, button, datalist, output").forEach(function (c) { c.remove(); });
      text = copy.textContent;
    }
    text = (text || el.getAttribute("aria-label") || el.getAttribute("title") || "").replace(/\s+/g, " ").trim();
    return text.replace(/[：:]$/, "").replace(/\s*[（(][^（）()]*[）)]$/, "").trim();
  }

  function messageFor(el) {
    var v = el.validity, name = labelOf(el), it = name ? "“" + name + "”" : "此项";
    if (v.valueMissing) {
      if (el.type === "file") { return name ? "请为" + it + "选择文件" : "请选择要上传的文件"; }
      if (el.type === "checkbox") { return "请勾选" + it; }
      if (el.tagName === "SELECT" || el.type === "radio") { return "请选择" + it; }
      return "请填写" + it;
    }
    if (v.badInput) { return it + "须填数字"; }
    if (v.typeMismatch) { return it + (el.type === "email" ? "须是电子邮件地址" : el.type === "url" ? "须是网址" : "的格式不正确"); }
    if (v.patternMismatch) { return it + "的格式不正确" + (el.title ? "：" + el.title : ""); }
    if (v.tooLong) { return it + "最多 " + el.maxLength + " 个字符，现有 " + el.value.length + " 个"; }
    if (v.tooShort) { return it + "至少 " + el.minLength + " 个字符，现有 " + el.value.length + " 个"; }
    if (v.rangeUnderflow) { return it + "不能小于 " + el.min; }
    if (v.rangeOverflow) { return it + "不能大于 " + el.max; }
    if (v.stepMismatch) { return it + "的数值不符合间隔要求（" + (el.step || "1") + "）"; }
    return "";
  }

  function takeBack(el) {
    if (el.dataset && el.dataset[OURS]) { el.setCustomValidity(""); delete el.dataset[OURS]; }
  }

  // `invalid` does not bubble: caught on its way down
  document.addEventListener("invalid", function (event) {
    var el = event.target;
    if (!el.setCustomValidity) { return; }
    if (el.validity.customError && !(el.dataset && el.dataset[OURS])) { return; }  // someone else's message stays
    takeBack(el);
    var message = messageFor(el);
    if (message) { el.setCustomValidity(message); el.dataset[OURS] = "1"; }
  }, true);

  // on the way down too: before a field's own handlers (htmx's preview checks the form as it sends it)
  function changed(event) { if (event.target && event.target.setCustomValidity) { takeBack(event.target); } }
  document.addEventListener("input", changed, true);
  document.addEventListener("change", changed, true);

  // pressing a submit button (Enter in a field presses it too) checks afresh: the fields' values may have been set
  // by a script, which announces no change
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button, input[type=submit], input[type=image]");
    if (!button || button.type !== "submit" && button.type !== "image" || !button.form) { return; }
    Array.from(button.form.elements).forEach(takeBack);
  }, true);
})();
