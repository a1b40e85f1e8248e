// Span picker, part 3 of 4: pointer gestures (mouse, touch, pen) on the words.
//
// * Mouse: press on a word and drag; the run between the two words previews,
//   and the release marks it (or unmarks it, when the first word was marked).
// * Touch and pen: a swipe over the text must still scroll the page, so a
//   touch on a word marks nothing until one of these happens:
//   - the finger stays still for HOLD_MS ("touch and hold"): the drag begins,
//     the word shows the dashed preview, and the finger's later moves are kept
//     from scrolling the page (touchmove's default is prevented: touch-action
//     is fixed when a touch starts, so the `marking` class's touch-action: none
//     only serves browsers that read it later);
//   - the finger moves sideways first: the text has touch-action: pan-y, so
//     the browser does not scroll and the drag begins at once;
//   - the finger moves up or down first: the browser scrolls and sends
//     pointercancel, and nothing changes.
// * A press and release on one word, any pointer, is a tap: hooks.activate
//   toggles it, or in "Mark a run" mode sets or completes a run.
// A touch pointer stays captured by the element it first touched, so every
// move looks up the word under the finger with elementFromPoint.

const HOLD_MS = 300;
const SLOP_PX = 8; // moves shorter than this are a trembling tap, not a drag

// Listens on textBox (and window, for moves and releases outside it); the
// hooks: tokenIndex(element) -> index or null, isMarked(index),
// preview({anchor, current, value} or null), markRun(first, last, value),
// activate(index), focusToken(index). Returns a function that stops listening.
function attachPointer(textBox, root, hooks) {
  let g = null; // the gesture under way: one pointer at a time

  function wordAt(x, y) {
    const scope = textBox.getRootNode(); // the shadow root, when styles are isolated
    const finder = typeof scope.elementFromPoint === "function" ? scope : document;
    return hooks.tokenIndex(finder.elementFromPoint(x, y));
  }

  function shown() {
    return { anchor: g.anchor, current: g.current, value: g.value };
  }

  function begin(held) {
    clearTimeout(g.timer);
    g.live = true;
    g.held = held;
    root.classList.add("marking");
    hooks.preview(shown());
  }

  function end() {
    clearTimeout(g.timer);
    g = null;
    root.classList.remove("marking");
  }

  function onDown(ev) {
    if (ev.button !== 0 || !ev.isPrimary) return; // a second finger does not mark
    const i = hooks.tokenIndex(ev.target);
    if (i === null) return;
    if (g) onCancel({ pointerId: g.id }); // a gesture whose release never came
    g = {
      id: ev.pointerId,
      anchor: i,
      current: i,
      value: !hooks.isMarked(i),
      x: ev.clientX,
      y: ev.clientY,
      live: false,
      held: false,
      timer: 0,
    };
    if (ev.pointerType === "mouse") {
      ev.preventDefault(); // no native text selection while dragging
      hooks.focusToken(i);
      begin(false);
    } else {
      g.timer = setTimeout(() => begin(true), HOLD_MS);
    }
  }

  function onMove(ev) {
    if (!g || ev.pointerId !== g.id) return;
    if (!g.live) {
      if (Math.hypot(ev.clientX - g.x, ev.clientY - g.y) < SLOP_PX) return;
      begin(false); // a sideways slide; were it a scroll, pointercancel follows
    }
    const i = wordAt(ev.clientX, ev.clientY);
    if (i === null || i === g.current) return;
    g.current = i;
    hooks.preview(shown());
  }

  function onUp(ev) {
    if (!g || ev.pointerId !== g.id) return;
    const { anchor, current, value } = g;
    end();
    hooks.preview(null);
    if (current === anchor) hooks.activate(anchor);
    else hooks.markRun(anchor, current, value);
  }

  function onCancel(ev) {
    if (!g || ev.pointerId !== g.id) return;
    end();
    hooks.preview(null);
  }

  function onTouchMove(ev) {
    if (g && g.held && ev.cancelable) ev.preventDefault();
  }

  function onContextMenu(ev) {
    if (g) ev.preventDefault(); // a long press is our hold, not the browser's menu
  }

  textBox.addEventListener("pointerdown", onDown);
  textBox.addEventListener("touchmove", onTouchMove, { passive: false });
  textBox.addEventListener("contextmenu", onContextMenu);
  window.addEventListener("pointermove", onMove);
  window.addEventListener("pointerup", onUp);
  window.addEventListener("pointercancel", onCancel);
  return () => {
    if (g) end();
    window.removeEventListener("pointermove", onMove);
    window.removeEventListener("pointerup", onUp);
    window.removeEventListener("pointercancel", onCancel);
  };
}
