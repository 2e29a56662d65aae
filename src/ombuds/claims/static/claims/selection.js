// The selected passage of a source's text as offsets into the stored text, and the
// "Add claim from selection" buttons that open the add form filled for that passage.
// The text is shown with claim markers ("[3]" links, class claim-ref) that are not part of
// the stored text: they are skipped when counting characters.
(function () {
  "use strict";

  function textNodes(container) {
    var walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentElement && node.parentElement.closest(".claim-ref")
          ? NodeFilter.FILTER_REJECT
          : NodeFilter.FILTER_ACCEPT;
      },
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    return nodes;
  }

  function offsetOf(container, node, offset) {
    var total = 0;
    var nodes = textNodes(container);
    for (var i = 0; i < nodes.length; i++) {
      if (nodes[i] === node) return total + offset;
      total += nodes[i].nodeValue.length;
    }
    // A boundary on an element: count the text of the nodes before its offset-th child.
    var range = document.createRange();
    range.setStart(container, 0);
    range.setEnd(node, offset);
    total = 0;
    for (var j = 0; j < nodes.length; j++) {
      if (range.intersectsNode(nodes[j]) && nodes[j] !== node) {
        total += nodes[j].nodeValue.length;
      }
    }
    return total;
  }

  // [start, end] of the selection inside container, or null when nothing there is selected.
  function selectedSpan(container) {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    var range = selection.getRangeAt(0);
    if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) {
      return null;
    }
    var start = offsetOf(container, range.startContainer, range.startOffset);
    var end = offsetOf(container, range.endContainer, range.endOffset);
    return start < end ? [start, end] : null;
  }

  function addFromSelection(addUrl) {
    var container = document.getElementById("text");
    var span = container && selectedSpan(container);
    if (!span) {
      window.alert("Select the passage that states the figure first, then add the claim.");
      return;
    }
    var next = window.location.pathname + window.location.search;
    window.location.href =
      addUrl + "?start=" + span[0] + "&end=" + span[1] + "&next=" + encodeURIComponent(next);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".add-from-selection").forEach(function (button) {
      // Keep the selection: a mousedown on the button would clear it in some browsers.
      button.addEventListener("mousedown", function (event) { event.preventDefault(); });
      button.addEventListener("click", function () { addFromSelection(button.dataset.addUrl); });
    });
  });

  window.ombudsSelection = { selectedSpan: selectedSpan, addFromSelection: addFromSelection };
})();
