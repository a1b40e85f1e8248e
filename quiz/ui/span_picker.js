// Span picker, part 4 of 4: the excerpt as words a learner marks by click,
// tap, drag or keyboard; the default export Streamlit calls.
//
// Streamlit calls the default export on mount and again, on the same
// parentElement, whenever the data changes (every rerun after a click), without
// calling the previous cleanup. So the DOM is built once per instance (kept in a
// WeakMap) and later calls only reconcile. The elements come from
// span_picker_dom.js and the pointer gestures from span_picker_pointer.js (see
// span_picker_util.js for how the parts are joined).

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
    drag: null, // the run a pointer drag would mark: {anchor, current, value}
    runMode: false, // "Mark a run": a tap sets the run's first word, the next its last
    runStart: null, // in run mode, after the first tap: {index, value}
    viaPointer: false, // the last input was a pointer, not a key
  };

  const root = el("div", "picker");
  root.dataset.mode = data.mode;
  parent.appendChild(root);
  root.addEventListener("pointerdown", () => (inst.viaPointer = true), true);
  root.addEventListener("keydown", () => (inst.viaPointer = false), true);
  let controls = null;
  if (feedback) {
    buildLegend(root, data.status_styles);
  } else {
    controls = buildControls(root, cats, {
      choose: (id) => setActive(id, true),
      toggleRun,
      clear: () => {
        inst.selection[inst.active] = [];
        announce(`All ${catLabel(inst.active)} marks removed`);
        commit();
      },
    });
  }
  const { textBox, tokenEls, gapEls } = buildText(root, data, words, feedback);
  if (feedback) paintFeedback(data, tokenEls, gapEls);
  const status = feedback ? null : buildStatus(root);

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

  // Sends the marks to Python. Any change of marks ends a pending run start.
  function commit() {
    inst.runStart = null;
    const value = {};
    for (const c of catIds) value[c] = [...inst.selection[c]];
    inst.sent.add(canonical(catIds, value));
    if (inst.setStateValue) inst.setStateValue("selection", value);
    render();
  }

  function setActive(id, announceIt) {
    if (!catIds.includes(id)) return;
    inst.active = id;
    inst.runStart = null;
    if (announceIt) announce(`Now marking: ${catLabel(id)}`);
    render();
  }

  function focusToken(i) {
    if (feedback || words.length === 0) return;
    tokenEls[inst.focus].tabIndex = -1;
    inst.focus = Math.max(0, Math.min(words.length - 1, i));
    tokenEls[inst.focus].tabIndex = 0;
    // After a tap, no focus ring: the mark shows where the finger was.
    tokenEls[inst.focus].focus(inst.viaPointer ? { focusVisible: false } : undefined);
  }

  // Marks (or unmarks) the words from first to last, both included.
  function markRun(first, last, value) {
    setMarks(range(first, last), value);
    const [lo, hi] = [Math.min(first, last), Math.max(first, last)];
    announce(`${value ? "Marked" : "Unmarked"}: ${quote(lo, hi)}`);
    focusToken(last);
    commit();
  }

  // A tap, click, Space or Enter on word i: toggles it, or in run mode sets
  // the run's first word, then marks the run up to its last word (tapping
  // the first word again makes a run of one: it toggles).
  function activate(i) {
    focusToken(i);
    if (!inst.runMode) {
      markRun(i, i, !isMarked(i));
    } else if (inst.runStart === null) {
      inst.runStart = { index: i, value: !isMarked(i) };
      announce(`Run starts at ${words[i]}. Now choose its last word.`);
      render();
    } else {
      markRun(inst.runStart.index, i, inst.runStart.value);
    }
  }

  function toggleRun() {
    inst.runMode = !inst.runMode;
    inst.runStart = null;
    announce(inst.runMode ? runHintText(null, words) : "Mark a run is off: a tap marks one word.");
    render();
  }

  // Marks, previews and badges (the feedback view is painted once, when built).
  // Badges are text after each run, so a mark reads without colour; they are
  // aria-hidden because each word's own name already says how it is marked.
  function render() {
    if (feedback) return;
    for (const b of textBox.querySelectorAll(".badge")) b.remove();
    tokenEls.forEach((t, i) => {
      t.className = "tok";
      const marked = catIds.filter((c) => isMarked(i, c));
      const badges = [];
      for (const c of marked) {
        t.classList.add(`m-${c}`);
        if (isMarked(i + 1, c)) continue;
        const badge = el("span", `badge tag-${c}`);
        badge.setAttribute("aria-hidden", "true");
        badge.textContent = cats.find((x) => x.id === c).short;
        badges.push(badge);
      }
      t.after(...badges);
      const d = inst.drag;
      if (d && i >= Math.min(d.anchor, d.current) && i <= Math.max(d.anchor, d.current)) {
        t.classList.add(d.value ? "preview-add" : "preview-remove");
      }
      const names = marked.length ? [`marked ${marked.map(catLabel).join(" and ")}`] : [];
      if (inst.runStart && inst.runStart.index === i) {
        t.classList.add("run-start");
        names.push("start of the run");
      }
      t.setAttribute("aria-pressed", String(isMarked(i)));
      if (names.length) t.setAttribute("aria-label", [words[i], ...names].join(", "));
      else t.removeAttribute("aria-label");
      t.tabIndex = i === inst.focus ? 0 : -1;
    });
    gapEls.forEach((gap, i) => {
      if (!gap) return;
      gap.className = "gap";
      for (const c of catIds) {
        if (isMarked(i, c) && isMarked(i + 1, c)) gap.classList.add(`m-${c}`);
      }
    });
    for (const [id, b] of controls.catButtons) {
      b.setAttribute("aria-pressed", String(id === inst.active));
    }
    controls.clear.textContent = `Clear ${catLabel(inst.active)} marks`;
    controls.run.setAttribute("aria-pressed", String(inst.runMode));
    controls.runHint.hidden = !inst.runMode;
    controls.runHint.textContent = inst.runMode ? runHintText(inst.runStart, words) : "";
    root.dataset.active = inst.active;
  }

  function tokenIndex(target) {
    const t = target && target.closest ? target.closest(".tok") : null;
    return t && textBox.contains(t) ? Number(t.dataset.i) : null;
  }

  function onKeyDown(ev) {
    const i = tokenIndex(ev.target);
    if (i === null) return;
    let handled = true;
    const next = keyTarget(ev.key, i, words.length);
    if (next !== null) {
      if (ev.shiftKey && next !== i) {
        setMarks(range(i, next), true);
        const [lo, hi] = runAround(next);
        announce(`Marked: ${quote(lo, hi)}`);
        focusToken(next);
        commit();
      } else {
        focusToken(next);
      }
    } else if (ev.key === " " || ev.key === "Enter") {
      activate(i);
    } else if (ev.key === "Delete" || ev.key === "Backspace") {
      if (isMarked(i)) {
        const [lo, hi] = runAround(i);
        setMarks(range(lo, hi), false);
        announce(`Mark removed: ${quote(lo, hi)}`);
        commit();
      }
    } else if (ev.key === "Escape" && inst.runStart) {
      inst.runStart = null;
      announce(runHintText(inst.runStart, words));
      render();
    } else if (/^[1-9]$/.test(ev.key) && Number(ev.key) <= cats.length && cats.length > 1) {
      setActive(catIds[Number(ev.key) - 1], true);
    } else {
      handled = false;
    }
    if (handled) ev.preventDefault();
  }

  // A click with no pointer behind it (detail 0) comes from assistive
  // technology; pointer clicks were handled on release.
  function onClick(ev) {
    const i = tokenIndex(ev.target);
    if (i !== null && ev.detail === 0) activate(i);
  }

  let detachPointer = () => {};
  if (!feedback) {
    detachPointer = attachPointer(textBox, root, {
      tokenIndex,
      isMarked: (i) => isMarked(i),
      preview: (drag) => {
        inst.drag = drag;
        render();
      },
      markRun,
      activate,
      focusToken,
    });
    textBox.addEventListener("keydown", onKeyDown);
    textBox.addEventListener("click", onClick);
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
    detachPointer();
    root.remove();
    if (instances.get(parent) === inst) instances.delete(parent);
  };

  return inst;
}
