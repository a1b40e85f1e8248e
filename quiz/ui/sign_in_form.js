// Sign-in form: labelled fields and a button that POSTs them as JSON to one of
// the server's /auth/ routes (same origin). The route sets or clears the
// HttpOnly session cookie; on success the page reloads, and its next run reads
// the cookie. The password never goes through Streamlit's session state.
//
// Streamlit calls the default export on mount and again on every rerun, on the
// same parentElement: the form is built once per parent and kept (a rerun must
// not wipe what the person is typing). Text goes in via textContent only.

const forms = new WeakMap();

export default function (component) {
  const { data, parentElement } = component;
  const signature = JSON.stringify(data);
  let inst = forms.get(parentElement);
  if (!inst || inst.signature !== signature) {
    if (inst) inst.form.remove();
    inst = build(parentElement, data, signature);
    forms.set(parentElement, inst);
  }
  return () => {};
}

function el(tag, className) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}

function build(parent, data, signature) {
  const form = el("form", "sign-in");
  form.setAttribute("aria-label", data.label);
  const inputs = [];
  for (const field of data.fields) {
    const label = el("label");
    const caption = el("span");
    caption.textContent = field.label;
    const input = el("input");
    input.type = field.type;
    input.name = field.name;
    input.autocomplete = field.autocomplete;
    input.required = true;
    input.maxLength = field.max_length;
    input.spellcheck = false;
    label.append(caption, input);
    form.append(label);
    inputs.push(input);
  }
  const button = el("button");
  button.type = "submit";
  button.textContent = data.submit;
  const status = el("p", "status");
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  form.append(button, status);
  parent.appendChild(form);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    status.dataset.kind = "busy";
    status.textContent = data.busy;
    const body = {};
    for (const input of inputs) body[input.name] = input.value;
    let reply = null;
    try {
      const response = await fetch(data.action, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      reply = await response.json();
    } catch (error) {
      reply = null;
    }
    if (reply && reply.ok === true) {
      status.textContent = typeof reply.message === "string" ? reply.message : "";
      window.location.reload();
      return;
    }
    status.dataset.kind = "error";
    status.textContent =
      reply && typeof reply.message === "string" ? reply.message : data.unavailable;
    for (const input of inputs) if (input.type === "password") input.value = "";
    button.disabled = false;
  });
  return { form, signature };
}
