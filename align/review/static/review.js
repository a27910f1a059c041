// unalign review: the page of one document. Every text goes into the page as text (textContent), never as HTML.
(function () {
  "use strict";
  var body = document.body;
  var token = body.getAttribute("data-token");
  var name = body.getAttribute("data-document");
  var langs = body.getAttribute("data-langs");
  var api = "/api/doc/" + encodeURIComponent(name) + "?langs=" + encodeURIComponent(langs);
  var tbody = document.querySelector("#units tbody");
  var select = document.getElementById("filter");
  var message = document.getElementById("message");
  var data = null;
  var sel = null; // {unit: number, lang: code, index: paragraph index, or null for an empty cell}
  var busy = false;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function keep(u, what) {
    if (what === "problem") return u.problem;
    if (what === "todo") return u.problem && !u.reviewed;
    if (what === "missing") return u.missing.length > 0;
    if (what === "extra") return u.extra.length > 0;
    if (what === "joined") return u.joined.length > 0;
    if (what === "low") return u.low;
    if (what === "mismatch") return u.mismatch.length > 0;
    if (what === "reviewed") return !!u.reviewed;
    return true;
  }

  function visible() {
    return data.units.filter(function (u) { return keep(u, select.value) || (sel && u.number === sel.unit); });
  }

  function unitOf(lang, index) {
    for (var i = 0; i < data.units.length; i++) {
      var u = data.units[i];
      for (var j = 0; j < u.all.length; j++) {
        if (u.all[j][0] === lang && u.all[j][1] === index) return u;
      }
    }
    return null;
  }

  function unitNumbered(n) {
    for (var i = 0; i < data.units.length; i++) if (data.units[i].number === n) return data.units[i];
    return null;
  }

  function renderSummary() {
    var c = data.counts, s = document.getElementById("summary");
    s.textContent = "";
    s.appendChild(el("span", "n", data.units.length));
    s.appendChild(document.createTextNode(" units · " + data.languages.length + " languages · "));
    s.appendChild(el("span", "n", c.problem));
    s.appendChild(document.createTextNode(" to check (" + c.unreviewed_problem + " not yet reviewed): " +
      c.missing + " with a missing paragraph, " + c.extra + " with a paragraph only some versions have, " +
      c.low + " of low confidence (below " + data.flag_below + "), " + c.joined + " merged or split in some version, " +
      c.mismatch + " numbered differently · "));
    s.appendChild(el("span", "n reviewed-count", data.reviewed));
    s.appendChild(document.createTextNode(" reviewed · corrections in " + data.corrections.file + ": " +
      data.corrections.applied + " applied, " + data.corrections.not_applied.length + " not applied"));
    document.querySelector('[data-action="undo"]').disabled = !data.undo;
    document.querySelector('[data-action="undo"]').title = data.undo ? "Undo: " + data.undo : "Nothing to undo";
    document.querySelector('[data-action="redo"]').disabled = !data.redo;
    document.querySelector('[data-action="redo"]').title = data.redo ? "Redo: " + data.redo : "Nothing to redo";
  }

  // The units to check first, by kind: missing, extra, low confidence, merged or split, numbered differently (not
  // yet reviewed).
  function renderToCheck() {
    var box = document.getElementById("tocheck");
    box.textContent = "";
    var kinds = [["missing", "Missing"], ["extra", "Only in some versions"], ["low", "Low confidence"],
                 ["joined", "Merged or split in some version"], ["mismatch", "Numbered differently"]];
    kinds.forEach(function (kind) {
      var units = data.units.filter(function (u) { return keep(u, kind[0]) && !u.reviewed; });
      if (!units.length) return;
      var line = el("p", "tocheck-" + kind[0]);
      line.appendChild(el("strong", null, kind[1] + " (" + units.length + "): "));
      units.slice(0, 40).forEach(function (u) {
        var a = el("a", null, u.address || "unit " + u.number);
        a.href = "#u" + u.number;
        a.setAttribute("data-goto", u.number);
        line.appendChild(a);
        line.appendChild(document.createTextNode(" "));
      });
      if (units.length > 40) line.appendChild(document.createTextNode("…"));
      box.appendChild(line);
    });
    var gone = document.getElementById("notapplied");
    gone.textContent = "";
    gone.hidden = data.corrections.not_applied.length === 0;
    if (!gone.hidden) {
      gone.appendChild(el("strong", null, "Corrections that no longer apply (kept in " + data.corrections.file + "):"));
      var list = el("ul");
      data.corrections.not_applied.forEach(function (o) {
        list.appendChild(el("li", "not-applied", o.what + ": " + o.reason));
      });
      gone.appendChild(list);
    }
  }

  function tag(cls, text, title) {
    var t = el("span", "tag " + cls, text);
    if (title) t.title = title;
    return t;
  }

  function renderRows() {
    tbody.textContent = "";
    var rows = visible();
    rows.forEach(function (u) {
      var tr = el("tr", (u.problem ? "problem" : "ok") + (u.low ? " low" : "") + (u.mismatch.length ? " mismatch" : "") +
        (u.reviewed ? " reviewed" : ""));
      tr.id = "u" + u.number;
      tr.setAttribute("data-unit", u.number);
      if (u.missing.length) tr.setAttribute("data-missing", u.missing.join(" "));
      var addr = el("td", "addr");
      var a = el("a", null, u.address);
      a.href = "#u" + u.number;
      addr.appendChild(a);
      addr.appendChild(el("span", "unit", "unit " + u.number));
      addr.appendChild(el("span", "conf", u.confidence.toFixed(2)));
      if (u.note_to) addr.appendChild(el("span", "noteto", "note to " + u.note_to));
      if (u.missing.length) addr.appendChild(tag("missing", "missing: " + u.missing.join(", ")));
      if (u.extra.length) addr.appendChild(tag("extra", "only " + u.extra.join(", ")));
      if (u.low) addr.appendChild(tag("low", "low confidence"));
      if (u.mismatch.length) addr.appendChild(tag("mismatch", "numbered " + u.mismatch.join(" / "),
        "the versions number this unit differently"));
      if (u.reviewed) addr.appendChild(tag("reviewed", u.reviewed));
      tr.appendChild(addr);
      data.columns.forEach(function (c) {
        var paras = u.cells[c.code] || [];
        var td = el("td");
        td.setAttribute("lang", c.code);
        td.setAttribute("dir", c.dir);
        td.setAttribute("data-lang", c.code);
        if (paras.length) {
          if (u.extra.length) td.className = "extra";
          paras.forEach(function (p) {
            var para = el("p", "para", p.text);
            para.setAttribute("data-index", p.index);
            para.tabIndex = -1;
            if (sel && sel.lang === c.code && sel.index === p.index) para.classList.add("selected");
            td.appendChild(para);
          });
        } else {
          td.className = u.extra.length ? "gap" : "missing";
          if (u.confirmed.indexOf(c.code) >= 0) td.classList.add("confirmed");
          var hole = el("span", "hole", u.extra.length ? "" : (u.confirmed.indexOf(c.code) >= 0 ?
            "missing (confirmed)" : "missing"));
          hole.setAttribute("lang", "en");
          hole.setAttribute("dir", "ltr");
          td.appendChild(hole);
          if (sel && sel.unit === u.number && sel.lang === c.code && sel.index === null) td.classList.add("selected");
        }
        tr.appendChild(td);
      });
      if (sel && sel.unit === u.number) tr.classList.add("current");
      tbody.appendChild(tr);
    });
  }

  // Moving the selection only moves its marks: rebuilding every row at each key press or click grows with the
  // document (a few thousand units take a visible moment), and the rows have not changed.
  function markSelection() {
    tbody.querySelectorAll("tr.current").forEach(function (tr) { tr.classList.remove("current"); });
    tbody.querySelectorAll(".selected").forEach(function (node) { node.classList.remove("selected"); });
    if (!sel) return;
    var tr = document.getElementById("u" + sel.unit);
    var td = tr && tr.querySelector('td[data-lang="' + sel.lang + '"]');
    if (!td) return;
    tr.classList.add("current");
    var target = sel.index === null ? td : td.querySelector('p.para[data-index="' + sel.index + '"]');
    if (target) target.classList.add("selected");
  }

  function render() {
    if (sel) { // the selection follows its paragraph wherever a correction put it
      var u = sel.index !== null ? unitOf(sel.lang, sel.index) : (sel.ref ? unitOf(sel.ref[0], sel.ref[1]) : null);
      if (u) sel.unit = u.number; else sel = null;
    }
    renderSummary();
    renderToCheck();
    renderRows();
  }

  function select_(unit, lang, index, scroll) {
    var u = unitNumbered(unit);
    if (!u) return;
    sel = {unit: unit, lang: lang, index: index, ref: u.all[0]};
    markSelection();
    if (scroll !== false) {
      var node = tbody.querySelector("tr.current .selected") || tbody.querySelector("tr.current");
      if (node && node.scrollIntoView) node.scrollIntoView({block: "nearest"});
    }
  }

  function firstSlot(u, lang) {
    var paras = u.cells[lang] || [];
    return paras.length ? paras[0].index : null;
  }

  // The slots of a column, top to bottom: each paragraph, or the empty cell of a unit without one.
  function slots(lang) {
    var out = [];
    visible().forEach(function (u) {
      var paras = u.cells[lang] || [];
      if (paras.length) paras.forEach(function (p) { out.push([u.number, p.index]); });
      else out.push([u.number, null]);
    });
    return out;
  }

  function step(delta) {
    if (!sel) return selectFirst();
    var list = slots(sel.lang);
    var at = -1;
    for (var i = 0; i < list.length; i++) if (list[i][0] === sel.unit && list[i][1] === sel.index) at = i;
    var next = list[Math.max(0, Math.min(list.length - 1, at + delta))];
    if (next) select_(next[0], sel.lang, next[1]);
  }

  function column(delta) {
    if (!sel) return selectFirst();
    var codes = data.languages, at = codes.indexOf(sel.lang);
    var lang = codes[Math.max(0, Math.min(codes.length - 1, at + delta))];
    select_(sel.unit, lang, firstSlot(unitNumbered(sel.unit), lang));
  }

  function nextToCheck(delta) {
    var rows = visible(), start = -1;
    for (var i = 0; i < rows.length; i++) if (sel && rows[i].number === sel.unit) start = i;
    for (var k = start + delta; k >= 0 && k < rows.length; k += delta) {
      var u = rows[k];
      if (u.problem && !u.reviewed) {
        var lang = sel ? sel.lang : data.languages[0];
        if (u.missing.length) lang = u.missing[0];
        return select_(u.number, lang, firstSlot(u, lang));
      }
    }
    say("no more units to check that way");
  }

  function selectFirst() {
    var rows = visible();
    if (rows.length) select_(rows[0].number, data.languages[0], firstSlot(rows[0], data.languages[0]));
  }

  function say(text, bad) {
    message.textContent = text;
    message.className = bad ? "bad" : "";
  }

  function request(method, payload) {
    var init = {method: method, headers: {"X-Unalign-Token": token}};
    if (payload) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(payload);
    }
    return fetch(api, init).then(function (response) {
      return response.json().then(function (json) { return {ok: response.ok, json: json}; });
    });
  }

  function refresh() {
    return request("GET").then(function (r) {
      if (r.ok) { data = r.json; render(); }
    });
  }

  function correct(payload) {
    if (busy) return;
    busy = true;
    body.classList.add("busy");
    request("POST", payload).then(function (r) {
      data = r.ok ? r.json : r.json.state;
      render();
      say(r.ok ? "saved: " + r.json.done : r.json.error, !r.ok);
    }).catch(function (e) {
      say("not saved: " + e, true);
    }).then(function () {
      busy = false;
      body.classList.remove("busy");
      body.setAttribute("data-saved", String(Date.now()));
    });
  }

  function act(action) {
    if (action === "undo" || action === "redo") return correct({kind: action});
    if (!sel) return say("select a paragraph or an empty cell first (click it, or press J)", true);
    var u = unitNumbered(sel.unit);
    var ref = {lang: u.all[0][0], index: u.all[0][1], expect: u.all};
    if (action === "move-up" || action === "move-down" || action === "split") {
      if (sel.index === null) return say("select a paragraph (not an empty cell) to move or split at", true);
      if (action === "split") return correct({kind: "split", lang: sel.lang, index: sel.index, expect: u.all});
      return correct({kind: "move", lang: sel.lang, index: sel.index, expect: u.all,
                      direction: action === "move-up" ? "up" : "down"});
    }
    if (action === "merge") return correct({kind: "merge", lang: ref.lang, index: ref.index, expect: ref.expect});
    if (action === "check") return correct({kind: "check", lang: ref.lang, index: ref.index, expect: ref.expect});
    if (action === "hole") {
      if (sel.index !== null) return say("select the empty cell of the language that lacks this unit", true);
      return correct({kind: "hole", lang: ref.lang, index: ref.index, expect: ref.expect, missing: sel.lang});
    }
  }

  document.querySelector(".toolbar").addEventListener("click", function (e) {
    var button = e.target.closest("button[data-action]");
    if (!button) return;
    button.blur(); // the keys go back to the page
    act(button.getAttribute("data-action"));
  });

  tbody.addEventListener("click", function (e) {
    var cell = e.target.closest("td[data-lang]");
    var row = e.target.closest("tr[data-unit]");
    if (!cell || !row) return;
    var para = e.target.closest("p.para");
    select_(Number(row.getAttribute("data-unit")), cell.getAttribute("data-lang"),
            para ? Number(para.getAttribute("data-index")) : firstSlot(unitNumbered(Number(row.getAttribute("data-unit"))),
                                                                         cell.getAttribute("data-lang")), false);
  });

  document.getElementById("tocheck").addEventListener("click", function (e) {
    var link = e.target.closest("a[data-goto]");
    if (!link) return;
    e.preventDefault();
    var u = unitNumbered(Number(link.getAttribute("data-goto")));
    var lang = u.missing.length ? u.missing[0] : (sel ? sel.lang : data.languages[0]);
    select_(u.number, lang, firstSlot(u, lang));
  });

  select.addEventListener("change", function () { renderRows(); });

  document.addEventListener("keydown", function (e) {
    if (e.target.closest && e.target.closest("select, input, textarea, summary")) return;
    // Enter and space on a focused button or link are theirs (a click), not "checked".
    if ((e.key === "Enter" || e.key === " ") && e.target.closest && e.target.closest("button, a")) return;
    var key = e.key, ctrl = e.ctrlKey || e.metaKey;
    var action = null;
    if (ctrl && !e.altKey && (key === "z" || key === "Z")) action = e.shiftKey ? "redo" : "undo";
    else if (ctrl && (key === "y" || key === "Y")) action = "redo";
    else if (ctrl) return;
    else if (e.altKey && key === "ArrowUp") action = "move-up";
    else if (e.altKey && key === "ArrowDown") action = "move-down";
    else if (e.altKey) return;
    else if (key === "K") action = "move-up";
    else if (key === "J") action = "move-down";
    else if (key === "s") action = "split";
    else if (key === "m") action = "merge";
    else if (key === "x") action = "hole";
    else if (key === "c" || key === "Enter") action = "check";
    else if (key === "u") action = "undo";
    else if (key === "r") action = "redo";
    if (action) { e.preventDefault(); return act(action); }
    if (key === "j" || key === "ArrowDown") step(1);
    else if (key === "k" || key === "ArrowUp") step(-1);
    else if (key === "h" || key === "ArrowLeft") column(-1);
    else if (key === "l" || key === "ArrowRight") column(1);
    else if (key === "n") nextToCheck(1);
    else if (key === "p") nextToCheck(-1);
    else return;
    e.preventDefault();
  });

  // Another window may have corrected this document: show its work when this one comes back to the front.
  window.addEventListener("focus", function () { if (!busy) refresh(); });
  document.addEventListener("visibilitychange", function () { if (!document.hidden && !busy) refresh(); });

  refresh().then(function () { body.setAttribute("data-ready", "1"); });
})();
