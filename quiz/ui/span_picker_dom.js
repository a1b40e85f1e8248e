// Span picker, part 2 of 4: the elements, built once per instance.
//
// Text goes in through textContent and text nodes only, never innerHTML: the
// excerpts and labels are content, not markup.

// The marking controls: category buttons (or the one category's name), the
// "Mark a run" switch, Clear, the help text and the run hint. `on` holds the
// handlers: choose(categoryId), toggleRun(), clear().
function buildControls(root, cats, on) {
  const bar = el("div", "toolbar");
  const catButtons = new Map();
  if (cats.length > 1) {
    const group = el("div", "chooser");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "What you are marking now");
    cats.forEach((c, n) => {
      const b = el("button", `cat-btn cat-${c.id}`);
      b.type = "button";
      b.appendChild(el("span", `swatch m-${c.id}`));
      b.appendChild(document.createTextNode(`${c.label} (${n + 1})`));
      b.addEventListener("click", () => on.choose(c.id));
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
  const run = el("button", "run");
  run.type = "button";
  run.textContent = "Mark a run";
  run.addEventListener("click", on.toggleRun);
  const clear = el("button", "clear");
  clear.type = "button";
  clear.addEventListener("click", on.clear);
  bar.append(run, clear);
  root.appendChild(bar);

  const help = el("p", "help");
  help.textContent = helpText(cats.length);
  root.appendChild(help);
  // Says what the next tap does while "Mark a run" is on; hidden otherwise.
  const runHint = el("p", "run-hint");
  runHint.hidden = true;
  root.appendChild(runHint);
  return { catButtons, run, clear, runHint };
}

function helpText(catCount) {
  return (
    "Click or tap a word to mark it, again to unmark it. To mark a run of words, " +
    "drag across them (on a touch screen, touch and hold the first word, then slide), " +
    "or switch on “Mark a run” and tap the first word, then the last. " +
    "Keyboard: Tab into the text, arrow keys move, Space or Enter marks, " +
    "Shift+arrow extends a mark, Delete removes the whole mark" +
    (catCount > 1 ? `, keys 1 to ${catCount} choose what you mark.` : ".")
  );
}

// The feedback view's key: each status's symbol and word.
function buildLegend(root, statusStyles) {
  const legend = el("p", "legend");
  legend.appendChild(document.createTextNode("Key: "));
  for (const s of statusStyles) {
    const badge = el("span", `badge status-${s.id}`);
    badge.textContent = `${s.icon} ${s.label}`;
    legend.appendChild(badge);
  }
  root.appendChild(legend);
}

// The text: one span per token; gapEls[i] is the text between token i and
// i + 1, painted when both carry the same mark so a marked phrase reads as one piece.
function buildText(root, data, words, feedback) {
  const textBox = el("div", "text");
  textBox.setAttribute("role", "group");
  textBox.setAttribute("aria-label", data.label);
  const tokenEls = [];
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
  return { textBox, tokenEls, gapEls };
}

// The feedback view, painted once: each token's statuses (tint and line) and,
// after each run of one status, a badge with its symbol, category and status.
function paintFeedback(data, tokenEls, gapEls) {
  const statusOf = (c, i) => (data.statuses[c.id] || {})[String(i)];
  tokenEls.forEach((t, i) => {
    const badges = [];
    for (const c of data.categories) {
      const st = statusOf(c, i);
      if (!st) continue;
      t.classList.add(`fb-${st}`);
      if (statusOf(c, i + 1) === st) {
        if (gapEls[i]) gapEls[i].classList.add(`fb-${st}`);
        continue;
      }
      const style = data.status_styles.find((s) => s.id === st);
      const badge = el("span", `badge status-${st}`);
      badge.textContent = `${style.icon} ${c.short}: ${style.label}`;
      badges.push(badge);
    }
    t.after(...badges);
  });
}

// What the next tap does in "Mark a run" mode, before and after the first tap.
function runHintText(start, words) {
  if (start === null) return "Mark a run is on: tap the first word of the run.";
  const w = words[start.index];
  return start.value
    ? `The run starts at “${w}”: now tap its last word (“${w}” again marks just it).`
    : `The run to unmark starts at “${w}”: now tap its last word.`;
}

// A polite live region for what each action did (screen readers only).
function buildStatus(root) {
  const status = el("div", "sr-only");
  status.setAttribute("role", "status");
  root.appendChild(status);
  return status;
}
