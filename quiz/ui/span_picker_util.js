// Span picker, part 1 of 4: small pure helpers shared by the other parts.
//
// span_picker.py joins span_picker_util.js, span_picker_dom.js,
// span_picker_pointer.js and span_picker.js, in that order, into the one ES
// module Streamlit loads. An inline component's code is loaded from a blob:
// URL, which cannot import sibling files, so the parts share their top-level
// names instead of importing them; only span_picker.js exports.

function el(tag, className) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}

// The indices from a to b, both included, in either order.
function range(a, b) {
  const out = [];
  for (let i = Math.min(a, b); i <= Math.max(a, b); i += 1) out.push(i);
  return out;
}

function emptySelection(catIds) {
  const out = {};
  for (const c of catIds) out[c] = [];
  return out;
}

// A selection from the server, cleaned: every category, sorted distinct indices in range.
function normalise(catIds, raw, count) {
  const out = emptySelection(catIds);
  for (const c of catIds) {
    const values = Array.isArray(raw[c]) ? raw[c] : [];
    out[c] = [...new Set(values.filter((i) => Number.isInteger(i) && i >= 0 && i < count))].sort(
      (a, b) => a - b,
    );
  }
  return out;
}

// One string per selection, to compare selections.
function canonical(catIds, selection) {
  return catIds.map((c) => `${c}:${(selection[c] || []).join(",")}`).join("|");
}

const MOVES = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

// The word a navigation key moves to from word i of count, or null for other keys.
function keyTarget(key, i, count) {
  if (!(key in MOVES || key === "Home" || key === "End")) return null;
  const target = key === "Home" ? 0 : key === "End" ? count - 1 : i + MOVES[key];
  return Math.max(0, Math.min(count - 1, target));
}
