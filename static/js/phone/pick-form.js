/* The answer forms of scale and choice questions: big touch targets (native radios and
   checkboxes inside their labels, so arrow keys, Space and screen readers work as usual),
   the feedback line and the Send button as for text (phone/answer-form.js): a tap chooses,
   Send sends, "Sent ✓" while the choice is what the server stored, Update once changed.
   A scale is one row of numbered tiles with its end (and middle) labels under it; where a
   row of tiles at least MIN_TILE px wide does not fit (11 points on a 360 px phone) it wraps
   into balanced rows, and the labels then say which number they belong to; labels too long
   for a third of the row each put the middle one on a line of its own.
   The form's interface is answer-form.js's: root, button, buttonLabel, status, read(),
   write(key), setDisabled(), setInvalid(), focusTarget(). Worksheet text only ever goes in
   through textContent (common.js el). */
import * as F from "../common.js";
import { choicesOf, pointLabel, pointOf } from "./kinds.js";

const MIN_TILE = 44; // px: the smallest touch target, never shrunk below
const GAP = 6; // px between tiles once they wrap
const WIDE = 7; // points from which the row reaches into the card's padding (7 × 44 px on a 360 px phone)

const fitted = new WeakMap(); // scale row → its number of points
const observer = typeof ResizeObserver === "function"
  ? new ResizeObserver((entries) => entries.forEach((entry) => fit(entry.target)))
  : null;

/** As many tiles per row as fit at MIN_TILE px; else the fewest balanced rows that do. */
function fit(row) {
  const n = fitted.get(row);
  const width = row.clientWidth;
  if (!n || !width) return;
  let rows = 1;
  for (; rows < n; rows += 1) {
    const cols = Math.ceil(n / rows);
    if (cols * MIN_TILE + (rows > 1 ? (cols - 1) * GAP : 0) <= width) break;
  }
  row.style.setProperty("--cols", String(Math.ceil(n / rows)));
  if (row.dataset.rows !== String(rows)) row.dataset.rows = String(rows);
  // End labels that do not fit a third of the row each ("More interdependent" at 360 px):
  // the two ends share the line and the middle label goes under it.
  const ends = row.nextElementSibling;
  if (ends && ends.classList.contains("scale-ends")) {
    delete ends.dataset.stacked;
    const over = Array.from(ends.children).some((end) => end.scrollWidth > end.clientWidth + 1);
    if (over) ends.dataset.stacked = "";
  }
}

function prompt(q, heading) {
  return F.el("legend", { className: "question-prompt" }, [
    heading ? F.el("span", { className: "question-number", text: heading }) : null,
    F.el("span", { className: "question-text", text: q.prompt }),
  ]);
}

function shell(q, kind, field, onSubmit) {
  const statusId = `status-${q.id}`;
  const buttonLabel = F.el("span", { className: "send-label", text: "Send" });
  const button = F.el("button", { className: "button button-primary send-button", attrs: { type: "submit" } }, [buttonLabel]);
  const status = F.el("p", { className: "answer-status", attrs: { id: statusId, role: "status", "aria-live": "polite" } });
  const root = F.el("form", { className: `answer-form answer-form-pick answer-form-${kind}`, attrs: { novalidate: true }, dataset: { questionId: q.id, kind } }, [
    field,
    status,
    F.el("div", { className: "answer-actions" }, [button]),
  ]);
  root.addEventListener("submit", (event) => {
    event.preventDefault();
    onSubmit();
  });
  return { root, button, buttonLabel, status };
}

/** The parts every pick form shares, over its inputs (in the worksheet's order). */
function pickParts(field, inputs, read, write) {
  return {
    read,
    write,
    setDisabled(disabled) {
      field.disabled = disabled;
    },
    setInvalid(invalid) {
      if (invalid) field.setAttribute("aria-invalid", "true");
      else field.removeAttribute("aria-invalid");
    },
    /** The chosen input, or the first: where the keyboard goes to fix an error. */
    focusTarget: () => inputs.find((input) => input.checked) || inputs[0],
  };
}

/** A scale's form: q {id, prompt, min, max, left, middle, right}. */
export function scaleForm(q, heading, { key, onSubmit, onInput }) {
  const name = `pick-${q.id}`;
  const points = [];
  for (let p = q.min; p <= q.max; p += 1) points.push(p);
  const inputs = [];
  const tiles = points.map((p) => {
    const id = `scale-${q.id}-${p}`;
    const label = pointLabel(q, p);
    const input = F.el("input", { className: "pick-input", attrs: { type: "radio", id, name, value: String(p) } });
    inputs.push(input);
    return F.el("label", { className: "scale-tile", attrs: { for: id }, dataset: { point: p } }, [
      input,
      F.el("span", { className: "scale-number", text: p }),
      label ? F.el("span", { className: "visually-hidden", text: `: ${label}` }) : null,
    ]);
  });
  const row = F.el("div", { className: "scale-row", dataset: { rows: "1" } }, tiles);
  if (points.length >= WIDE) row.dataset.wide = "";
  row.style.setProperty("--cols", String(points.length));
  fitted.set(row, points.length);
  if (observer) observer.observe(row);

  const middle = (q.min + q.max) / 2;
  const middleNumber = Number.isInteger(middle) ? String(middle) : `${Math.floor(middle)}–${Math.ceil(middle)}`;
  const end = (where, number, text) => (text
    ? F.el("span", { className: `scale-end scale-end-${where}` }, [
      F.el("span", { className: "scale-end-number", text: number }),
      F.el("span", { className: "scale-end-text", text }),
    ])
    : F.el("span", { className: `scale-end scale-end-${where}` }));
  const ends = q.left || q.middle || q.right
    ? F.el("div", { className: "scale-ends", attrs: { "aria-hidden": "true" } }, [
      end("left", String(q.min), q.left),
      end("middle", middleNumber, q.middle),
      end("right", String(q.max), q.right),
    ])
    : null;

  const field = F.el("fieldset", {
    className: "pick-field",
    attrs: { role: "radiogroup", "aria-describedby": `status-${q.id}` },
  }, [prompt(q, heading), row, ends]);
  const form = shell(q, "scale", field, onSubmit);
  const read = () => {
    const chosen = inputs.find((input) => input.checked);
    return chosen ? chosen.value : "";
  };
  const write = (value) => {
    const point = pointOf(value);
    for (const input of inputs) input.checked = point !== null && Number(input.value) === point;
  };
  write(key);
  row.addEventListener("change", () => onInput(read()));
  return { ...form, kind: "scale", ...pickParts(field, inputs, read, write) };
}

/** A choice's form: q {id, prompt, options, multiple}; radios when one option only. */
export function choiceForm(q, heading, { key, onSubmit, onInput }) {
  const name = `pick-${q.id}`;
  const type = q.multiple ? "checkbox" : "radio";
  const hintId = `hint-${q.id}`;
  const inputs = [];
  const options = q.options.map((option, i) => {
    const id = `choice-${q.id}-${i + 1}`;
    const input = F.el("input", { className: "option-input", attrs: { type, id, name, value: option } });
    inputs.push(input);
    return F.el("label", { className: "option", attrs: { for: id } }, [
      input,
      F.el("span", { className: "option-text", text: option }),
    ]);
  });
  const list = F.el("div", { className: "option-list" }, options);
  const field = F.el("fieldset", {
    className: "pick-field",
    attrs: { role: q.multiple ? "group" : "radiogroup", "aria-describedby": `${hintId} status-${q.id}` },
  }, [
    prompt(q, heading),
    F.el("p", { className: "pick-hint", text: q.multiple ? "Choose all that apply." : "Choose one.", attrs: { id: hintId } }),
    list,
  ]);
  const form = shell(q, "choice", field, onSubmit);
  const read = () => {
    const chosen = inputs.filter((input) => input.checked).map((input) => input.value);
    return chosen.length ? JSON.stringify(chosen) : "";
  };
  const write = (value) => {
    const chosen = new Set(choicesOf(value));
    for (const input of inputs) input.checked = chosen.has(input.value);
  };
  write(key);
  list.addEventListener("change", () => onInput(read()));
  return { ...form, kind: "choice", ...pickParts(field, inputs, read, write) };
}
