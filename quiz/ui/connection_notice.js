// The notice a learner sees while the server is away (restarting, say).
//
// Streamlit's own dialog for a lost connection reads "Connection error.
// Streamlit server is not responding. Are you connected to the internet?",
// which sends a student to check the wrong thing and sounds like an error. While
// the page reconnects by itself, this swaps its words for plain ones: hide
// Streamlit's heading and message (style only, the DOM stays React's), and put
// ours first in the same dialog. One observer per page, whatever the reruns.

const HEADING = "Reconnecting…";
const MESSAGE =
  "The quiz lost its connection to the server, which may be restarting. " +
  "Stay on this page: it carries on by itself in a moment, and your marks are kept.";
const THEIRS = /Streamlit server is not responding|Connection error/;

function rewrite() {
  for (const dialog of document.querySelectorAll('[data-testid="stDialog"] [role="dialog"]')) {
    if (dialog.querySelector("[data-spin-reconnecting]") || !THEIRS.test(dialog.textContent)) {
      continue;
    }
    for (const child of dialog.children) {
      if (THEIRS.test(child.textContent)) child.style.display = "none";
    }
    const notice = document.createElement("div");
    notice.setAttribute("data-spin-reconnecting", "");
    notice.setAttribute("role", "status");
    const heading = document.createElement("h2");
    heading.textContent = HEADING;
    heading.style.margin = "0 0 0.5rem 0";
    const message = document.createElement("p");
    message.textContent = MESSAGE;
    notice.append(heading, message);
    dialog.prepend(notice);
  }
}

export default function () {
  if (window.__spinSpotterReconnecting) return;
  window.__spinSpotterReconnecting = new MutationObserver(rewrite);
  window.__spinSpotterReconnecting.observe(document.body, { childList: true, subtree: true });
}
