// The review screen's keys: j/k move, a confirm, Enter confirm and next, r reject, e edit,
// x select, n add from the selected text, u undo, ? why. Decisions are POSTed to the
// decide URL and the row is updated in place; bulk actions are the form's own submits.
// The text and the claims scroll together: moving to a claim brings its passage into view,
// clicking a passage moves to its claim, and scrolling either pane by hand scrolls the other
// to the same place (when the panes sit side by side, each scrolling on its own).
(function () {
  "use strict";

  var root, rows, current = -1, undo = [], csrf, textPane, claimsPane;

  function say(message) {
    document.getElementById("review-status").textContent = message;
  }

  function marksOf(row) {
    return document.querySelectorAll('#text mark[data-claim="' + row.dataset.ordinal + '"]');
  }

  // A pane scrolled by this script ignores the scroll event that follows (it finds itself
  // where it was put), so that following the other pane never starts a ping-pong.
  function scrolledByScript(pane) {
    pane.dataset.placedAt = String(pane.scrollTop);
  }

  function quiet(pane) {
    var placed = pane.dataset.placedAt;
    delete pane.dataset.placedAt;
    return placed !== undefined && Math.abs(Number(placed) - pane.scrollTop) < 2;
  }

  function sideBySide() {
    return getComputedStyle(claimsPane).overflowY === "auto" &&
      claimsPane.scrollHeight > claimsPane.clientHeight;
  }

  // The first element of ``items`` (in document order, so in order down the pane) whose
  // bottom is below ``top``: a binary search, so a long text costs a few measures.
  function firstBelow(items, top) {
    var low = 0, high = items.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (items[middle].getBoundingClientRect().bottom <= top) low = middle + 1;
      else high = middle;
    }
    return items[low] || null;
  }

  function stickyHeight(pane, selector) {
    var sticky = pane.querySelector(selector);
    return sticky ? sticky.getBoundingClientRect().height : 0;
  }

  function bringToTop(pane, element, selector) {
    var offset = element.getBoundingClientRect().top - pane.getBoundingClientRect().top;
    pane.scrollTop += offset - stickyHeight(pane, selector) - 4;
    scrolledByScript(pane);
  }

  // Scroll ``pane`` (and nothing around it) the least that shows ``element`` below the bar.
  function reveal(pane, element, selector) {
    var box = pane.getBoundingClientRect(), at = element.getBoundingClientRect();
    var top = box.top + stickyHeight(pane, selector);
    if (at.top < top) pane.scrollTop -= top - at.top + 4;
    else if (at.bottom > box.bottom) pane.scrollTop += Math.min(at.bottom - box.bottom + 4, at.top - top);
  }

  function follow(from) {
    if (quiet(from) || !sideBySide()) return;
    if (from === textPane) {
      var top = textPane.getBoundingClientRect().top + stickyHeight(textPane, ".add-from-selection");
      var mark = firstBelow(textPane.querySelectorAll("mark[data-claim]"), top);
      var row = mark && document.getElementById("row-" + mark.dataset.claim);
      if (row) bringToTop(claimsPane, row, ".bulk");
    } else {
      var edge = claimsPane.getBoundingClientRect().top + stickyHeight(claimsPane, ".bulk");
      var first = firstBelow(rows, edge);
      var marks = first ? marksOf(first) : [];
      if (marks.length) bringToTop(textPane, marks[0], ".add-from-selection");
    }
  }

  function onPaneScroll(pane) {
    var waiting = false;
    return function () {
      if (waiting) return;
      waiting = true;
      window.requestAnimationFrame(function () { waiting = false; follow(pane); });
    };
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
    // A row scrolled into view stops below the sticky bulk bar, not behind it.
    claimsPane.style.scrollPaddingTop = stickyHeight(claimsPane, ".bulk") + "px";
    var marks = marksOf(row);
    marks.forEach(function (m) { m.classList.add("current"); });
    // The passage is scrolled into view inside the text pane only: on a phone, where the page
    // scrolls, the row stays on the screen rather than the text above it.
    if (marks.length) reveal(textPane, marks[0], ".add-from-selection");
    row.scrollIntoView({ block: "nearest" });
    scrolledByScript(claimsPane);
    scrolledByScript(textPane);
  }

  // A click on a passage moves to its claim; where several claims share the passage (a total
  // and its parts are often read from one sentence) the first is chosen, and clicking again
  // moves on to the next of them. A click on a passage's [n] moves to claim n.
  function onTextClick(event) {
    if (window.getSelection && String(window.getSelection())) return;  // selecting to add
    var ref = event.target.closest("a.claim-ref");
    var ordinals = [];
    if (ref) ordinals.push(ref.getAttribute("href").replace("#entry-", ""));
    for (var mark = event.target.closest("mark[data-claim]"); mark && !ref;
      mark = mark.parentElement.closest("mark[data-claim]")) {
      ordinals.unshift(mark.dataset.claim);  // outermost first
    }
    if (!ordinals.length) return;
    var now = rows[current] ? rows[current].dataset.ordinal : "";
    var next = ordinals[(ordinals.indexOf(now) + 1) % ordinals.length];
    var row = document.getElementById("row-" + next);
    if (!row) return;
    event.preventDefault();
    move(Array.prototype.indexOf.call(rows, row));
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
    textPane = root.querySelector(".review-text");
    claimsPane = root.querySelector(".review-claims");
    textPane.addEventListener("click", onTextClick);
    textPane.addEventListener("scroll", onPaneScroll(textPane), { passive: true });
    claimsPane.addEventListener("scroll", onPaneScroll(claimsPane), { passive: true });
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
