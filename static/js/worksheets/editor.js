/* Fulcrum: the worksheet editor (/worksheets/new, /worksheets/<slug>/edit).
   The worksheet is a model (model.js) drawn as forms (form.js); every change is checked by
   the server's one validator through POST /api/v1/worksheets?dry_run=1 (debounced), whose
   400 names the field by its path — the message shows beside that input once it has been
   typed in (or Save was pressed), and the bar above says what is left to fix. Beside the
   forms, the selected step as a phone shows it (preview.js); a YAML view for power users
   (the server parses it back); Save (POST for a new one, PUT after). Unsaved changes live in
   localStorage (draft.js) until saved or discarded, so a reload keeps them. */
import { call, errorOf, worksheetPath } from "./api.js";
import { clearDraft, draftKey, readDraft, writeDraft } from "./draft.js";
import { renderForm } from "./form.js";
import {
  blankOption,
  blankQuestion,
  blankStep,
  blankWorksheet,
  fieldLabel,
  fieldMessage,
  fromSource,
  sessionSteps,
  toSource,
} from "./model.js";
import { phonePreview } from "./preview.js";
import { toYaml } from "./yaml.js";

const root = document.getElementById("editor");
const data = JSON.parse(document.getElementById("editor-data").textContent);
const limits = data.limits;
const $ = (id) => document.getElementById(id);
const ui = {
  form: $("worksheet-form"),
  heading: $("editor-title"),
  check: $("check"),
  checkText: $("check-status"),
  checkShow: $("check-show"),
  save: $("save-worksheet"),
  viewForm: $("view-form"),
  viewYaml: $("view-yaml"),
  yamlView: $("yaml-view"),
  yaml: $("yaml-text"),
  yamlError: $("yaml-error"),
  draftNote: $("draft-note"),
  draftText: $("draft-note-text"),
  undoNote: $("undo-note"),
  undoText: $("undo-note-text"),
  savedNote: $("saved-note"),
  savedText: $("saved-note-text"),
  savedStart: $("saved-start"),
  prev: $("preview-prev"),
  next: $("preview-next"),
  where: $("preview-where"),
  frame: $("preview-frame"),
  announcer: $("announcer"),
};
const CHECK_DELAY = 450;
const preview = phonePreview(ui.frame, { prefix: "editor-preview", maxAnswer: limits.answer, minGroup: limits.min_group });

const state = {
  slug: root.dataset.slug || null,
  key: null,
  model: null,
  base: null, // what Discard goes back to: the saved worksheet, or a blank one
  savedJSON: null, // the saved worksheet's keys, to tell unsaved changes
  savedYaml: "",
  view: "form",
  yamlAtSwitch: "",
  yamlSource: null, // the YAML view's worksheet as the server last read it (for the preview)
  origin: "edit",
  touched: new Set(), // data-touch ids of the fields typed in: their errors show
  showAll: false, // after Save: every error shows
  forced: null, // an error's field to show although untouched (from the YAML view)
  error: null, // the validator's last word: {message, field}
  problem: "", // the check itself failed (offline, …)
  checkTimer: null,
  checkSeq: 0,
  checked: false,
  previewFrom: null, // "purpose" | "conclusion" | a step's key
  previewIndex: 0,
  previewJSON: "",
  previewTimer: null,
  undo: null,
  saving: false,
};

const source = () => toSource(state.model, limits);

function dirty() {
  if (state.view === "yaml") return ui.yaml.value !== state.savedYaml;
  return JSON.stringify(source()) !== state.savedJSON;
}

function announce(text) {
  ui.announcer.textContent = "";
  window.setTimeout(() => {
    ui.announcer.textContent = text;
  }, 30);
}

/* ---- the model's items ---- */

function findStep(key) {
  const index = state.model.steps.findIndex((s) => s.key === key);
  return { index, step: state.model.steps[index] };
}

function findQuestion(key) {
  for (const step of state.model.steps) {
    const index = step.questions.findIndex((q) => q.key === key);
    if (index >= 0) return { step, index, question: step.questions[index] };
  }
  return {};
}

/* ---- drawing, with focus kept ---- */

function render(focusId) {
  const active = focusId || (document.activeElement && ui.form.contains(document.activeElement) ? document.activeElement.id : null);
  renderForm(ui.form, state.model, limits);
  paintErrors();
  if (active) focusOn(active);
}

function focusOn(id, fallbacks = []) {
  for (const candidate of [id, ...fallbacks]) {
    const node = candidate && $(candidate);
    if (node && !node.disabled && !node.closest("[hidden]")) {
      node.focus();
      return node;
    }
  }
  return null;
}

/** After any change: keep the draft, check it (debounced), redraw the preview. */
function changed(structural = false, focusId = null) {
  if (structural) render(focusId);
  ui.savedNote.hidden = true;
  storeDraft();
  scheduleCheck();
  schedulePreview();
  paintStatus();
}

/* ---- the draft in this browser ---- */

function storeDraft() {
  if (!dirty()) {
    clearDraft(state.key);
    return;
  }
  const draft = { source: state.view === "yaml" ? state.yamlSource || source() : source(), origin: state.origin };
  if (state.view === "yaml") draft.yaml = ui.yaml.value;
  writeDraft(state.key, draft);
}

/* ---- checks by the server's validator ---- */

function scheduleCheck() {
  window.clearTimeout(state.checkTimer);
  state.checkTimer = window.setTimeout(runCheck, CHECK_DELAY);
}

function body() {
  return state.view === "yaml" ? { raw: ui.yaml.value, type: "application/yaml" } : source();
}

async function runCheck() {
  window.clearTimeout(state.checkTimer);
  const seq = (state.checkSeq += 1);
  const result = await call("POST", "?dry_run=1", body());
  if (seq !== state.checkSeq) return; // a newer check is on its way
  state.checked = true;
  state.problem = "";
  if (result.ok) {
    state.error = null;
    if (state.view === "yaml") {
      state.yamlSource = result.data.worksheet;
      schedulePreview();
    }
  } else if (result.status === 400 || result.status === 413) {
    state.error = errorOf(result);
  } else {
    state.problem = errorOf(result).message;
  }
  paintErrors();
  paintStatus();
}

/** The field an error is about, or the nearest enclosing one the form has. */
function errorPlace(field) {
  let path = field;
  while (path) {
    const slot = ui.form.querySelector(`[data-error-for="${CSS.escape(path)}"]`);
    if (slot) return { slot, input: ui.form.querySelector(`[data-path="${CSS.escape(path)}"]`) };
    const cut = Math.max(path.lastIndexOf("."), path.lastIndexOf("["));
    path = cut > 0 ? path.slice(0, cut) : "";
  }
  return null;
}

function paintErrors() {
  for (const slot of ui.form.querySelectorAll("[data-error-for]:not([hidden])")) {
    slot.hidden = true;
    slot.textContent = "";
  }
  for (const node of ui.form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
  ui.yamlError.hidden = true;
  ui.yaml.removeAttribute("aria-invalid");
  state.place = null;
  const error = state.error;
  if (!error) return;
  if (state.view === "yaml") {
    ui.yamlError.textContent = error.field ? `${fieldLabel(error.field)}: ${fieldMessage(error)}` : fieldMessage(error);
    ui.yamlError.hidden = false;
    ui.yaml.setAttribute("aria-invalid", "true");
    return;
  }
  const place = error.field ? errorPlace(error.field) : null;
  if (!place) return;
  state.place = place;
  const touch = place.input ? place.input.dataset.touch : null;
  if (!(state.showAll || state.forced === error.field || (touch && state.touched.has(touch)))) return;
  place.slot.textContent = fieldMessage(error);
  place.slot.hidden = false;
  place.shown = true;
  if (place.input) place.input.setAttribute("aria-invalid", "true");
}

function paintStatus() {
  let text = "";
  let kind = "idle";
  const error = state.error;
  if (state.saving) {
    text = "Saving…";
    kind = "working";
  } else if (state.problem) {
    text = `Not checked: ${state.problem}`;
    kind = "problem";
  } else if (error) {
    const where = error.field ? fieldLabel(error.field) : "";
    const shown = state.view === "yaml" || (state.place && state.place.shown);
    // Shown at the field, the bar names the place; not yet shown, it says what is missing.
    text = shown ? `To fix before saving: ${where || fieldMessage(error)}` : `Still to do: ${where ? `${where} · ` : ""}${fieldMessage(error)}`;
    kind = shown ? "error" : "todo";
  } else if (!state.checked) {
    text = state.slug ? "Saved." : "";
  } else if (dirty()) {
    text = "Unsaved changes · ready to save.";
    kind = "ready";
  } else {
    text = state.slug ? "Saved." : "";
  }
  ui.check.dataset.state = kind;
  if (ui.checkText.textContent !== text) {
    ui.checkText.textContent = text;
    ui.checkText.title = text; // the bar keeps one line: the whole text on hover
  }
  ui.checkShow.hidden = !(error && (state.view === "yaml" || state.place));
}

/** "Show me": to the field the validator is unhappy with, its message shown. */
ui.checkShow.addEventListener("click", () => {
  if (state.view === "yaml" || !state.error) {
    ui.yaml.focus();
    return;
  }
  state.forced = state.error.field;
  paintErrors();
  paintStatus();
  const place = state.place;
  const target = place && (place.input || place.slot);
  if (!target) return;
  target.scrollIntoView({ block: "center" });
  if (target.matches("input, textarea, select")) target.focus({ preventScroll: true });
  else {
    const first = target.querySelector("input, textarea, select, button:not(:disabled)");
    if (first) first.focus({ preventScroll: true });
  }
});

/* ---- the phone preview of the selected step ---- */

function schedulePreview() {
  window.clearTimeout(state.previewTimer);
  state.previewTimer = window.setTimeout(renderPreview, 120);
}

function previewSource() {
  if (state.view === "yaml") return state.yamlSource || source();
  return source();
}

function renderPreview() {
  const steps = sessionSteps(previewSource(), limits);
  let index = -1;
  if (state.view === "form" && state.previewFrom) {
    const n = state.model.steps.findIndex((s) => s.key === state.previewFrom);
    index = steps.findIndex((s) => s.from === (n >= 0 ? n : state.previewFrom));
  }
  if (index < 0) index = Math.min(Math.max(state.previewIndex, 0), steps.length - 1);
  state.previewIndex = index;
  const step = steps[index] || null;
  const json = JSON.stringify(step);
  if (json !== state.previewJSON) {
    state.previewJSON = json;
    preview.show(step, "Add a step to see it here.");
  }
  ui.where.textContent = step ? `Step ${index + 1} of ${steps.length}` : "";
  ui.prev.disabled = index <= 0;
  ui.next.disabled = index >= steps.length - 1;
}

function movePreview(delta) {
  const steps = sessionSteps(previewSource(), limits);
  const index = Math.min(Math.max(state.previewIndex + delta, 0), steps.length - 1);
  const from = steps[index] && steps[index].from;
  state.previewIndex = index;
  state.previewFrom = typeof from === "number" ? state.model.steps[from] && state.model.steps[from].key : from;
  renderPreview();
  const button = delta < 0 ? ui.prev : ui.next;
  if (button.disabled) (delta < 0 ? ui.next : ui.prev).focus();
}

ui.prev.addEventListener("click", () => movePreview(-1));
ui.next.addEventListener("click", () => movePreview(1));

ui.form.addEventListener("focusin", (event) => {
  const step = event.target.closest(".ws-step");
  const section = event.target.closest("[data-preview]");
  const from = step ? step.dataset.step : section ? section.dataset.preview : null;
  if (from && from !== state.previewFrom) {
    state.previewFrom = from;
    renderPreview();
  }
});

/* ---- typing ---- */

function setValue(input) {
  const { prop } = input.dataset;
  const value = input.type === "checkbox" ? input.checked : input.value;
  if (input.dataset.option) {
    const { question } = findQuestion(input.dataset.question);
    const option = question && question.options.find((o) => o.key === input.dataset.option);
    if (option) option.text = value;
  } else if (input.dataset.question) {
    const { question } = findQuestion(input.dataset.question);
    if (question) question[prop] = value;
  } else if (input.dataset.step) {
    const { step } = findStep(input.dataset.step);
    if (step) step[prop] = value;
  } else {
    state.model[prop] = value;
  }
}

ui.form.addEventListener("input", (event) => {
  const input = event.target;
  if (!input.dataset.prop || input.tagName === "SELECT") return;
  setValue(input);
  state.touched.add(input.dataset.touch);
  changed();
});

ui.form.addEventListener("change", (event) => {
  const input = event.target;
  if (input.tagName !== "SELECT" && input.type !== "checkbox") return;
  setValue(input);
  state.touched.add(input.dataset.touch);
  if (input.dataset.prop === "kind") {
    const { question } = findQuestion(input.dataset.question);
    if (question.kind === "choice") while (question.options.length < limits.min_options) question.options.push(blankOption());
    changed(true, input.id);
    announce(`Question settings for ${input.selectedOptions[0].textContent}.`);
  } else {
    changed();
  }
});

/* ---- adding, removing, moving ---- */

function offerUndo(list, index, item, what) {
  state.undo = { list, index, item };
  ui.undoText.textContent = `${what} removed.`;
  ui.undoNote.hidden = false;
}

$("undo-remove").addEventListener("click", () => {
  const undo = state.undo;
  if (!undo) return;
  undo.list.splice(Math.min(undo.index, undo.list.length), 0, undo.item);
  state.undo = null;
  ui.undoNote.hidden = true;
  changed(true, `heading-${undo.item.key}`);
  announce("Put back.");
});

function move(list, index, delta) {
  const target = index + delta;
  if (target < 0 || target >= list.length) return false;
  [list[index], list[target]] = [list[target], list[index]];
  return target;
}

/** Focus follows a moved item: the same button, or the other one at an end. */
function afterMove(key, delta, what, position, total) {
  const same = delta < 0 ? `up-${key}` : `down-${key}`;
  const other = delta < 0 ? `down-${key}` : `up-${key}`;
  changed(true);
  focusOn(same, [other, `heading-${key}`]);
  announce(`${what} moved to position ${position} of ${total}.`);
}

const actions = {
  "step-add": () => {
    const step = blankStep(limits);
    state.model.steps.push(step);
    state.touched.add("ws.steps");
    state.previewFrom = step.key;
    changed(true, `f-${step.key}-title`);
    announce(`Step ${state.model.steps.length} added.`);
  },
  "step-remove": (button) => {
    const { index, step } = findStep(button.dataset.step);
    const steps = state.model.steps;
    steps.splice(index, 1);
    state.touched.add("ws.steps");
    offerUndo(steps, index, step, `Step ${index + 1}`);
    const neighbour = steps[index] || steps[index - 1];
    changed(true, neighbour ? `heading-${neighbour.key}` : "add-step");
  },
  "step-up": (button) => stepMove(button, -1),
  "step-down": (button) => stepMove(button, 1),
  "question-add": (button) => {
    const { step } = findStep(button.dataset.step);
    const question = blankQuestion("text", limits);
    step.questions.push(question);
    state.touched.add(`${step.key}.questions`);
    changed(true, `f-${question.key}-prompt`);
    announce(`Question ${step.questions.length} added.`);
  },
  "question-remove": (button) => {
    const { step, index, question } = findQuestion(button.dataset.question);
    step.questions.splice(index, 1);
    state.touched.add(`${step.key}.questions`);
    offerUndo(step.questions, index, question, `Question ${index + 1}`);
    const neighbour = step.questions[index] || step.questions[index - 1];
    changed(true, neighbour ? `heading-${neighbour.key}` : `add-question-${step.key}`);
  },
  "question-up": (button) => questionMove(button, -1),
  "question-down": (button) => questionMove(button, 1),
  "option-add": (button) => {
    const { question } = findQuestion(button.dataset.question);
    const option = blankOption();
    question.options.push(option);
    state.touched.add(`${question.key}.options`);
    changed(true, `f-${option.key}`);
  },
  "option-remove": (button) => {
    const { question } = findQuestion(button.dataset.question);
    const index = question.options.findIndex((o) => o.key === button.dataset.option);
    question.options.splice(index, 1);
    state.touched.add(`${question.key}.options`);
    const neighbour = question.options[index] || question.options[index - 1];
    changed(true, neighbour ? `f-${neighbour.key}` : `add-option-${question.key}`);
    announce(`Option ${index + 1} removed.`);
  },
};

function stepMove(button, delta) {
  const { index, step } = findStep(button.dataset.step);
  const target = move(state.model.steps, index, delta);
  if (target === false) return;
  state.previewFrom = step.key;
  afterMove(step.key, delta, "Step", target + 1, state.model.steps.length);
}

function questionMove(button, delta) {
  const { step, index, question } = findQuestion(button.dataset.question);
  const target = move(step.questions, index, delta);
  if (target === false) return;
  afterMove(question.key, delta, "Question", target + 1, step.questions.length);
}

ui.form.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-action]");
  if (!button || button.disabled) return;
  event.preventDefault();
  if (!button.dataset.action.endsWith("-remove")) {
    state.undo = null;
    ui.undoNote.hidden = true;
  }
  actions[button.dataset.action](button);
});
ui.form.addEventListener("submit", (event) => event.preventDefault());

/* ---- the YAML view ---- */

function setView(view) {
  state.view = view;
  ui.form.hidden = view !== "form";
  ui.yamlView.hidden = view !== "yaml";
  ui.viewForm.setAttribute("aria-pressed", String(view === "form"));
  ui.viewYaml.setAttribute("aria-pressed", String(view === "yaml"));
}

function openYaml(text) {
  const wasDirty = dirty();
  state.savedYaml = state.savedJSON ? toYaml(JSON.parse(state.savedJSON)) : "";
  ui.yaml.value = text !== undefined ? text : wasDirty ? toYaml(source()) : state.savedYaml || toYaml(source());
  state.yamlAtSwitch = ui.yaml.value;
  state.yamlSource = source();
  setView("yaml");
  paintErrors();
  paintStatus();
}

/** Back to the forms: the server reads the YAML; what it read fills the forms. */
async function openForm() {
  if (ui.yaml.value === state.yamlAtSwitch && state.yamlSource) {
    setView("form");
    render();
    changed();
    return true;
  }
  ui.viewForm.disabled = true;
  const result = await call("POST", "?dry_run=1", { raw: ui.yaml.value, type: "application/yaml" });
  ui.viewForm.disabled = false;
  const read = result.data && result.data.worksheet;
  const model = read ? fromSource(read, limits) : null;
  if (!model) {
    state.error = result.ok ? { message: "The forms cannot show this worksheet; fix it here first." } : errorOf(result);
    state.problem = result.status === 0 ? errorOf(result).message : "";
    paintErrors();
    paintStatus();
    ui.yaml.focus();
    return false;
  }
  const wasSaved = ui.yaml.value === state.savedYaml;
  state.model = model;
  state.error = result.ok ? null : errorOf(result);
  state.forced = state.error ? state.error.field : null;
  if (wasSaved) state.savedJSON = JSON.stringify(source());
  setView("form");
  render();
  changed();
  return true;
}

ui.viewYaml.addEventListener("click", () => {
  if (state.view !== "yaml") openYaml();
});
ui.viewForm.addEventListener("click", () => {
  if (state.view !== "form") openForm();
});
ui.yaml.addEventListener("input", () => {
  changed();
});

/* ---- saving ---- */

async function save() {
  if (state.saving) return;
  window.clearTimeout(state.checkTimer);
  state.checkSeq += 1; // a check on its way is out of date now
  state.saving = true;
  ui.save.disabled = true;
  paintStatus();
  const payload = body();
  const result = state.slug ? await call("PUT", worksheetPath(state.slug), payload) : await call("POST", "", payload);
  state.saving = false;
  ui.save.disabled = false;
  if (!result.ok) {
    state.showAll = true;
    if (result.status === 400 || result.status === 413) {
      state.error = errorOf(result);
      state.problem = "";
    } else {
      state.problem = errorOf(result).message;
    }
    paintErrors();
    paintStatus();
    const place = state.view === "form" && state.place;
    if (state.view === "yaml") ui.yaml.focus();
    else if (place && place.input && place.input.matches("input, textarea, select")) place.input.focus();
    else if (place) place.slot.scrollIntoView({ block: "center" });
    return;
  }
  clearDraft(state.key);
  if (!state.slug) {
    state.slug = result.data.slug;
    state.key = draftKey(root.dataset.user, state.slug);
    root.dataset.slug = state.slug;
    window.history.replaceState(null, "", `/worksheets/${encodeURIComponent(state.slug)}/edit`);
    ui.heading.textContent = "Edit worksheet";
  }
  document.title = `Edit ${result.data.title} · Fulcrum`;
  if (state.view === "yaml") {
    state.savedYaml = ui.yaml.value;
    state.savedJSON = null; // known again once the forms read it back
    state.yamlAtSwitch = "";
  } else {
    state.savedJSON = JSON.stringify(source());
  }
  state.base = state.view === "form" ? fromSource(source(), limits) : state.base;
  state.origin = "edit";
  state.error = null;
  state.problem = "";
  state.checked = true;
  ui.draftNote.hidden = true;
  ui.savedText.textContent = `Saved “${result.data.title}”: ${result.data.steps} steps, ${result.data.questions} questions.`;
  ui.savedStart.href = `${root.dataset.startUrl}?worksheet=${encodeURIComponent(state.slug)}#start-heading`;
  ui.savedNote.hidden = false;
  paintErrors();
  paintStatus();
}

ui.save.addEventListener("click", save);
document.addEventListener("keydown", (event) => {
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
    event.preventDefault();
    save();
  }
});

/* ---- discarding a restored draft ---- */

$("draft-discard").addEventListener("click", () => {
  clearDraft(state.key);
  state.model = fromSource(JSON.parse(state.savedJSON || JSON.stringify(toSource(state.base, limits))), limits) || state.base;
  state.origin = "edit";
  state.touched.clear();
  state.showAll = false;
  state.forced = null;
  setView("form");
  ui.draftNote.hidden = true;
  render();
  changed();
  ui.save.focus();
  announce("Unsaved changes discarded.");
});

/* ---- start ---- */

function start() {
  state.key = draftKey(root.dataset.user, state.slug);
  state.base = (data.worksheet && fromSource(data.worksheet, limits)) || blankWorksheet(limits);
  state.savedJSON = JSON.stringify(toSource(state.base, limits));
  state.model = state.base;
  const draft = readDraft(state.key);
  let restored = false;
  if (draft) {
    const model = draft.source ? fromSource(draft.source, limits) : null;
    const differs = typeof draft.yaml === "string" || JSON.stringify(draft.source) !== state.savedJSON;
    if (differs && (model || typeof draft.yaml === "string")) {
      state.model = model ? model : state.model;
      state.origin = draft.origin === "import" ? "import" : "edit";
      restored = true;
      if (typeof draft.yaml === "string") {
        openYaml(draft.yaml);
        state.yamlAtSwitch = null; // the forms ask the server to read it first
      }
    } else {
      clearDraft(state.key);
    }
  }
  if (restored) {
    ui.draftText.textContent =
      state.origin === "import"
        ? "Imported and not saved yet: check each step, then Save."
        : "Unsaved changes restored from this browser.";
    ui.draftNote.hidden = false;
    state.showAll = state.origin === "import"; // an import's problems show at once, to fix here
  }
  if (state.view === "form") render();
  renderPreview();
  paintStatus();
  runCheck();
}

start();
