(function () {
  "use strict";
  var select = document.getElementById("filter");
  var shown = document.getElementById("shown");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tbody tr[data-unit]"));
  var sentenceRows = Array.prototype.slice.call(document.querySelectorAll("tbody tr[data-of]"));

  // A unit's sentence rows show when the unit is shown and opened (its "n sentences" button).
  function syncSentences() {
    sentenceRows.forEach(function (row) {
      var unit = document.querySelector('tr[data-unit="' + row.getAttribute("data-of") + '"]');
      row.hidden = !unit || unit.hidden || unit.getAttribute("data-open") !== "true";
    });
  }

  function keep(row, what) {
    if (what === "all") return true;
    if (what === "problem") return row.classList.contains("problem");
    if (what === "low") return row.classList.contains("low");
    if (what === "mismatch") return row.classList.contains("mismatch");
    if (what === "extra") return row.hasAttribute("data-extra");
    if (what === "joined") return row.hasAttribute("data-joined");
    if (what === "missing") return row.hasAttribute("data-missing");
    if (what.indexOf("missing-") === 0) {
      return (" " + (row.getAttribute("data-missing") || "") + " ").indexOf(" " + what.slice(8) + " ") >= 0;
    }
    return true;
  }

  function apply() {
    var what = select.value, count = 0;
    rows.forEach(function (row) {
      var on = keep(row, what);
      row.hidden = !on;
      if (on) count += 1;
    });
    shown.textContent = count + " of " + rows.length + " units shown";
    syncSentences();
  }

  var openAll = document.getElementById("all-sentences");
  if (openAll) {
    openAll.addEventListener("change", function () {
      Array.prototype.forEach.call(document.querySelectorAll("button.sentences"), function (button) {
        button.closest("tr").setAttribute("data-open", String(openAll.checked));
        button.setAttribute("aria-expanded", String(openAll.checked));
      });
      syncSentences();
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("button.sentences"), function (button) {
    button.addEventListener("click", function () {
      var unit = button.closest("tr");
      var open = unit.getAttribute("data-open") !== "true";
      unit.setAttribute("data-open", String(open));
      button.setAttribute("aria-expanded", String(open));
      syncSentences();
    });
  });

  // A link to an address the filter hides shows every unit again.
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var row = id && document.getElementById(id);
    if (row && row.hidden) {
      select.value = "all";
      apply();
      row.scrollIntoView();
    }
  }

  // page.html?show=problem opens with a filter chosen (any value of the list: missing-ar, low, …).
  var asked = new URLSearchParams(location.search).get("show");
  if (asked && select.querySelector('option[value="' + asked.replace(/[^a-z-]/g, "") + '"]')) select.value = asked;

  select.addEventListener("change", apply);
  window.addEventListener("hashchange", reveal);
  apply();
  reveal();
})();
