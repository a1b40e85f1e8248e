// Span picker: the excerpt as words a learner marks by click, drag or keyboard.
//
// Streamlit calls the default export on mount and again, on the same
// parentElement, whenever the data changes (every rerun after a click), without
// calling the previous cleanup. So the DOM is built once per instance (kept in a
// WeakMap) and later calls only reconcile. Text always goes in via textContent
// or text nodes, never innerHTML: the excerpts are content, not markup.

const instances = new WeakMap();

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  const signature = JSON.stringify([
    data.mode, data.text, data.tokens, data.categories, data.statuses || null, data.label,
  ]);
  let inst = instances.get(parentElement);
  if (!inst || inst.signature !== signature) {
    if (inst) inst.destroy();
    inst = build(parentElement, data, signature);
    instances.set(parentElement, inst);
  }
  inst.setStateValue = setStateValue;
  inst.update(data);
  return inst.destroy;
}

function build(parent, data, signature) {
  const cats = data.categories;
  const catIds = cats.map((c) => c.id);
  const words = data.tokens.map(([s, e]) => data.text.slice(s, e));
  const feedback = data.mode === "feedback";
  const inst = {
    signature,
    setStateValue: null,
    selection: emptySelection(catIds),
    sent: new Set(),
    lastServerSelection: null,
    lastServerActive: null,
    active: data.active || catIds[0],
    focus: 0,
    drag: null,
  };

  const root = el("div", "picker");
  root.dataset.mode = data.mode;
  parent.appendChild(root);

  let status = null;
  const catButtons = new Map();
  if (!feedback) {
    const bar = el("div", "toolbar");
    if (cats.length > 1) {
      const group = el("div", "chooser");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", "What you are marking now");
      cats.forEach((c, n) => {
        const b = el("button", `cat-btn cat-${c.id}`);
        b.type = "button";
        b.appendChild(el("span", `swatch m-${c.id}`));
        b.appendChild(document.createTextNode(`${c.label} (${n + 1})`));
        b.addEventListener("click", () => setActive(c.id, true));
        catButtons.set(c.id, b);
        group.appendChild(b);
      });
      bar.appendChild(group);
    } else {
      const legend = el("p", "legend");
      legend.appendChild(document.createTextNode("Marking: "));
      legend.appendChild(el("span", `swatch m-${cats[0].id}`));
      const name = el("strong");
      name.textContent = `${cats[0].label} (tag “${cats[0].short}”)`;
      legend.appendChild(name);
      bar.appendChild(legend);
    }
    const clear = el("button", "clear");
    clear.type = "button";
    clear.addEventListener("click", () => {
      inst.selection[inst.active] = [];
      announce(`All ${catLabel(inst.active)} marks removed`);
      render();
      commit();
    });
    bar.appendChild(clear);
    root.appendChild(bar);
    const help = el("p", "help");
    help.textContent =
      "Click a word, or drag across words, to mark them; click a marked word to unmark it. " +
      "Keyboard: Tab into the text, arrow keys move, Space or Enter marks, " +
      "Shift+arrow extends a mark, Delete removes the whole mark" +
      (cats.length > 1 ? `, keys 1 to ${cats.length} choose what you mark.` : ".");
    root.appendChild(help);
    inst.clearButton = clear;
  } else {
    const legend = el("p", "legend");
    legend.appendChild(document.createTextNode("Key: "));
    for (const s of data.status_styles) {
      const badge = el("span", `badge status-${s.id}`);
      badge.textContent = `${s.icon} ${s.label}`;
      legend.appendChild(badge);
    }
    root.appendChild(legend);
  }

  const textBox = el("div", "text");
  textBox.setAttribute("role", "group");
  textBox.setAttribute("aria-label", data.label);
  const tokenEls = [];
  // gapEls[i]: the text between token i and i + 1, painted when both carry the
  // same mark so a marked phrase reads as one piece.
  const gapEls = [];
  let at = 0;
  data.tokens.forEach(([s, e], i) => {
    if (s > at && i > 0) {
      const gap = el("span", "gap");
      gap.textContent = data.text.slice(at, s);
      textBox.appendChild(gap);
      gapEls[i - 1] = gap;
    } else if (s > at) {
      textBox.appendChild(document.createTextNode(data.text.slice(at, s)));
    }
    const t = el("span", "tok");
    t.textContent = words[i];
    t.dataset.i = String(i);
    if (!feedback) {
      t.setAttribute("role", "button");
      t.tabIndex = -1;
    }
    textBox.appendChild(t);
    tokenEls.push(t);
    at = e;
  });
  if (at < data.text.length) textBox.appendChild(document.createTextNode(data.text.slice(at)));
  root.appendChild(textBox);

  if (!feedback) {
    status = el("div", "sr-only");
    status.setAttribute("role", "status");
    root.appendChild(status);
  }

  function catLabel(id) {
    return cats.find((c) => c.id === id).label;
  }

  function announce(message) {
    if (status) status.textContent = message;
  }

  function isMarked(i, cat = inst.active) {
    return inst.selection[cat].includes(i);
  }

  function setMarks(indices, value, cat = inst.active) {
    const set = new Set(inst.selection[cat]);
    for (const i of indices) {
      if (value) set.add(i);
      else set.delete(i);
    }
    inst.selection[cat] = [...set].sort((a, b) => a - b);
  }

  function runAround(i, cat = inst.active) {
    let lo = i;
    let hi = i;
    while (lo > 0 && isMarked(lo - 1, cat)) lo -= 1;
    while (hi < words.length - 1 && isMarked(hi + 1, cat)) hi += 1;
    return [lo, hi];
  }

  function quote(lo, hi) {
    return data.text.slice(data.tokens[lo][0], data.tokens[hi][1]);
  }

  function range(a, b) {
    const out = [];
    for (let i = Math.min(a, b); i <= Math.max(a, b); i += 1) out.push(i);
    return out;
  }

  function commit() {
    const value = {};
    for (const c of catIds) value[c] = [...inst.selection[c]];
    inst.sent.add(canonical(catIds, value));
    if (inst.setStateValue) inst.setStateValue("selection", value);
  }

  function setActive(id, announceIt) {
    if (!catIds.includes(id)) return;
    inst.active = id;
    if (announceIt) announce(`Now marking: ${catLabel(id)}`);
    render();
  }

  function focusToken(i) {
    if (feedback || words.length === 0) return;
    tokenEls[inst.focus].tabIndex = -1;
    inst.focus = Math.max(0, Math.min(words.length - 1, i));
    tokenEls[inst.focus].tabIndex = 0;
    tokenEls[inst.focus].focus();
  }

  // Marks and badges. Badges are text after each run, so a mark reads without
  // colour; in marking mode they are aria-hidden because each word's own name
  // already says how it is marked.
  function render() {
    for (const b of textBox.querySelectorAll(".badge")) b.remove();
    const badgesAfter = new Map();
    tokenEls.forEach((t, i) => {
      t.className = "tok";
      if (feedback) {
        for (const c of catIds) {
          const st = (data.statuses[c] || {})[String(i)];
          if (!st) continue;
          t.classList.add(`fb-${st}`);
          const next = (data.statuses[c] || {})[String(i + 1)];
          if (next !== st) {
            const style = data.status_styles.find((s) => s.id === st);
            const badge = el("span", `badge status-${st}`);
            badge.textContent = `${style.icon} ${cats.find((x) => x.id === c).short}: ${style.label}`;
            pushMap(badgesAfter, i, badge);
          }
        }
        return;
      }
      const marked = catIds.filter((c) => isMarked(i, c));
      for (const c of marked) {
        t.classList.add(`m-${c}`);
        if (!isMarked(i + 1, c)) {
          const badge = el("span", `badge tag-${c}`);
          badge.setAttribute("aria-hidden", "true");
          badge.textContent = cats.find((x) => x.id === c).short;
          pushMap(badgesAfter, i, badge);
        }
      }
      if (inst.drag && inRange(i, inst.drag)) {
        t.classList.add(inst.drag.value ? "preview-add" : "preview-remove");
      }
      t.setAttribute("aria-pressed", String(isMarked(i)));
      if (marked.length) {
        t.setAttribute("aria-label", `${words[i]}, marked ${marked.map(catLabel).join(" and ")}`);
      } else {
        t.removeAttribute("aria-label");
      }
      t.tabIndex = i === inst.focus ? 0 : -1;
    });
    gapEls.forEach((gap, i) => {
      if (!gap) return;
      gap.className = "gap";
      for (const c of catIds) {
        if (feedback) {
          const st = (data.statuses[c] || {})[String(i)];
          if (st && st === (data.statuses[c] || {})[String(i + 1)]) gap.classList.add(`fb-${st}`);
        } else if (isMarked(i, c) && isMarked(i + 1, c)) {
          gap.classList.add(`m-${c}`);
        }
      }
    });
    for (const [i, badges] of badgesAfter) tokenEls[i].after(...badges);
    for (const [id, b] of catButtons) b.setAttribute("aria-pressed", String(id === inst.active));
    if (inst.clearButton) inst.clearButton.textContent = `Clear ${catLabel(inst.active)} marks`;
    root.dataset.active = inst.active;
  }

  function inRange(i, drag) {
    return i >= Math.min(drag.anchor, drag.current) && i <= Math.max(drag.anchor, drag.current);
  }

  function tokenIndex(target) {
    const t = target && target.closest ? target.closest(".tok") : null;
    return t && textBox.contains(t) ? Number(t.dataset.i) : null;
  }

  function onPointerDown(ev) {
    if (ev.button !== 0) return;
    const i = tokenIndex(ev.target);
    if (i === null) return;
    ev.preventDefault(); // no native text selection while dragging
    inst.drag = { anchor: i, current: i, value: !isMarked(i) };
    focusToken(i);
    render();
  }

  function onPointerOver(ev) {
    if (!inst.drag) return;
    const i = tokenIndex(ev.target);
    if (i === null || i === inst.drag.current) return;
    inst.drag.current = i;
    render();
  }

  function onPointerUp() {
    const drag = inst.drag;
    if (!drag) return;
    inst.drag = null;
    const ids = range(drag.anchor, drag.current);
    setMarks(ids, drag.value);
    const [lo, hi] = [ids[0], ids[ids.length - 1]];
    announce(`${drag.value ? "Marked" : "Unmarked"}: ${quote(lo, hi)}`);
    focusToken(drag.current);
    render();
    commit();
  }

  function onPointerCancel() {
    inst.drag = null;
    render();
  }

  const MOVES = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

  function onKeyDown(ev) {
    const i = tokenIndex(ev.target);
    if (i === null) return;
    let handled = true;
    if (ev.key in MOVES || ev.key === "Home" || ev.key === "End") {
      const target =
        ev.key === "Home" ? 0 : ev.key === "End" ? words.length - 1 : i + MOVES[ev.key];
      const next = Math.max(0, Math.min(words.length - 1, target));
      if (ev.shiftKey && next !== i) {
        setMarks(range(i, next), true);
        const [lo, hi] = runAround(next);
        announce(`Marked: ${quote(lo, hi)}`);
        focusToken(next);
        render();
        commit();
      } else {
        focusToken(next);
      }
    } else if (ev.key === " " || ev.key === "Enter") {
      const value = !isMarked(i);
      setMarks([i], value);
      announce(`${value ? "Marked" : "Unmarked"}: ${words[i]}`);
      render();
      commit();
    } else if (ev.key === "Delete" || ev.key === "Backspace") {
      if (isMarked(i)) {
        const [lo, hi] = runAround(i);
        setMarks(range(lo, hi), false);
        announce(`Mark removed: ${quote(lo, hi)}`);
        render();
        commit();
      }
    } else if (/^[1-9]$/.test(ev.key) && Number(ev.key) <= cats.length && cats.length > 1) {
      setActive(catIds[Number(ev.key) - 1], true);
    } else {
      handled = false;
    }
    if (handled) ev.preventDefault();
  }

  if (!feedback) {
    textBox.addEventListener("pointerdown", onPointerDown);
    textBox.addEventListener("pointerover", onPointerOver);
    textBox.addEventListener("keydown", onKeyDown);
    window.addEventListener("pointerup", onPointerUp);
    window.addEventListener("pointercancel", onPointerCancel);
  }

  inst.update = (d) => {
    // Adopt the server's selection only when it is news: not an echo of a
    // value this instance sent (echoes of older clicks arrive late and would
    // undo newer ones).
    const server = normalise(catIds, d.selected || {}, words.length);
    const key = canonical(catIds, server);
    if (key !== inst.lastServerSelection) {
      inst.lastServerSelection = key;
      if (!inst.sent.has(key) && key !== canonical(catIds, inst.selection)) {
        inst.selection = server;
        inst.sent.clear();
      }
    }
    if (d.active && d.active !== inst.lastServerActive) {
      inst.lastServerActive = d.active;
      if (catIds.includes(d.active)) inst.active = d.active;
    }
    render();
  };

  inst.destroy = () => {
    window.removeEventListener("pointerup", onPointerUp);
    window.removeEventListener("pointercancel", onPointerCancel);
    root.remove();
    if (instances.get(parent) === inst) instances.delete(parent);
  };

  return inst;
}

function el(tag, className) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}

function pushMap(map, key, value) {
  if (!map.has(key)) map.set(key, []);
  map.get(key).push(value);
}

function emptySelection(catIds) {
  const out = {};
  for (const c of catIds) out[c] = [];
  return out;
}

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

function canonical(catIds, selection) {
  return catIds.map((c) => `${c}:${(selection[c] || []).join(",")}`).join("|");
}
