// The review screen's keys: j/k move, a confirm, Enter confirm and next, r reject, e edit,
// x select, n add from the selected text, u undo, ? why. Decisions are POSTed to the
// decide URL and the row is updated in place; bulk actions are the form's own submits.
(function () {
  "use strict";

  var root, rows, current = -1, undo = [], csrf;

  function say(message) {
    document.getElementById("review-status").textContent = message;
  }

  function marksOf(row) {
    return document.querySelectorAll('#text mark[data-claim="' + row.dataset.ordinal + '"]');
  }

  function move(index) {
    if (!rows.length) return;
    index = Math.max(0, Math.min(rows.length - 1, index));
    if (current >= 0 && rows[current]) {
      rows[current].classList.remove("current");
      marksOf(rows[current]).forEach(function (m) { m.classList.remove("current"); });
    }
    current = index;
    var row = rows[current];
    row.classList.add("current");
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
    var marks = marksOf(row);
    marks.forEach(function (m) { m.classList.add("current"); });
    if (marks.length) marks[0].scrollIntoView({ block: "nearest" });
  }

  function post(data) {
    var body = new URLSearchParams(data);
    return fetch(root.dataset.decideUrl, {
      method: "POST",
      body: body,
      headers: { "X-CSRFToken": csrf },
      credentials: "same-origin",
    }).then(function (response) {
      return response.json().then(function (json) {
        if (!response.ok) throw new Error(json.error || "The server refused: reload the page.");
        return json;
      });
    });
  }

  function waiting(row) {
    return /status-(extracted|proposed)\b/.test(row.className);
  }

  function show(state) {
    var row = root.querySelector('.claim-row[data-id="' + state.id + '"]');
    if (!row) return;
    var count = document.getElementById("unreviewed-count");
    var was = waiting(row);
    row.className = row.className.replace(/status-\w+/, "status-" + state.status);
    row.querySelector(".state").textContent = state.status_label;
    if (count && was !== waiting(row)) {
      count.textContent = String(Number(count.textContent) + (was ? -1 : 1));
    }
  }

  function decide(decision, thenNext) {
    var row = rows[current];
    if (!row) { say("Move to a claim first (j)."); return; }
    post({ decision: decision, claim: row.dataset.id }).then(function (json) {
      json.claims.forEach(show);
      if (json.events.length) undo.push(json.events.join(","));
      say(decision === "confirm" ? "Confirmed." : "Rejected.");
      if (thenNext) move(current + 1);
    }).catch(function (error) { say(error.message); });
  }

  function undoLast() {
    var events = undo.pop();
    if (!events) { say("Nothing to undo."); return; }
    post({ decision: "undo", events: events }).then(function () {
      say("Undone.");
      if (rows[current]) window.location.hash = "row-" + rows[current].dataset.ordinal;
      window.location.reload();
    }).catch(function (error) { undo.push(events); say(error.message); });
  }

  function selected() {
    return Array.prototype.filter.call(root.querySelectorAll(".claim-row .select"), function (box) {
      return box.checked;
    });
  }

  function updateSelection() {
    document.getElementById("selected-count").textContent = selected().length;
  }

  function toggle() {
    var row = rows[current];
    if (!row) return;
    var box = row.querySelector(".select");
    box.checked = !box.checked;
    updateSelection();
  }

  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target.closest("input, select, textarea, button, summary, a")) {
      if (!(target.closest(".claim-row") && target.matches("a"))) return;
    }
    var key = event.key;
    var handled = true;
    if (key === "j") move(current + 1);
    else if (key === "k") move(current - 1);
    else if (key === "a") decide("confirm", false);
    else if (key === "Enter") decide("confirm", true);
    else if (key === "r") decide("reject", false);
    else if (key === "e") { if (rows[current]) window.location.href = rows[current].dataset.editUrl; }
    else if (key === "x") toggle();
    else if (key === "n") window.ombudsSelection.addFromSelection(root.dataset.addUrl);
    else if (key === "u") undoLast();
    else if (key === "?") {
      var why = rows[current] && rows[current].querySelector(".why");
      if (why) why.open = !why.open;
    } else handled = false;
    if (handled) event.preventDefault();
  }

  function onSubmit(event) {
    var button = event.submitter;
    var boxes = button && button.dataset.scope === "shown"
      ? Array.prototype.filter.call(rows, function (row) {
        return !row.classList.contains("status-rejected");
      }).map(function (row) { return row.querySelector(".select"); })
      : selected();
    if (!boxes.length) {
      event.preventDefault();
      say("Select claims first: move to one and press x.");
      return;
    }
    document.getElementById("bulk-claims").value = boxes.map(function (box) {
      return box.value;
    }).join(",");
  }

  document.addEventListener("DOMContentLoaded", function () {
    root = document.getElementById("review");
    if (!root) return;
    rows = root.querySelectorAll(".claim-row");
    csrf = document.querySelector("#bulk input[name=csrfmiddlewaretoken]").value;
    if (root.dataset.lastUndo) undo.push(root.dataset.lastUndo);
    document.addEventListener("keydown", onKey);
    document.getElementById("bulk").addEventListener("submit", onSubmit);
    root.addEventListener("change", function (event) {
      if (event.target.classList.contains("select")) updateSelection();
    });
    rows.forEach(function (row, index) {
      row.addEventListener("click", function (event) {
        if (!event.target.closest("input, a, summary")) move(index);
      });
    });
    var hash = window.location.hash.match(/^#row-(\d+)$/);
    var start = hash ? document.getElementById("row-" + hash[1]) : null;
    move(start ? Array.prototype.indexOf.call(rows, start) : 0);
  });
})();
