// Keys of the pair review page: j and k move between pairs, a says the current pair is one
// person, r that it is two people. Each key presses that pair's own button, so the page works
// the same without this script.
document.addEventListener("DOMContentLoaded", () => {
  const pairs = Array.from(document.querySelectorAll("section.pair"));
  let at = 0;
  const focus = (index) => {
    if (!pairs.length) return;
    at = Math.max(0, Math.min(pairs.length - 1, index));
    pairs.forEach((pair, n) => pair.classList.toggle("current", n === at));
    pairs[at].scrollIntoView({ block: "nearest" });
  };
  focus(0);
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, textarea, select")) return;
    if (event.key === "j") {
      focus(at + 1);
    } else if (event.key === "k") {
      focus(at - 1);
    } else if (event.key === "a" || event.key === "r") {
      const value = event.key === "a" ? "accept" : "reject";
      const button = pairs[at] && pairs[at].querySelector(`button[value="${value}"]`);
      if (button) {
        event.preventDefault();
        button.click();
      }
    }
  });
});
