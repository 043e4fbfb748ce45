/* Fulcrum: the import page (/worksheets/import). Pasted text (text/plain) or a file (the
   multipart field `file`) goes to POST /api/v1/worksheets?dry_run=1, which reads it and saves
   nothing; the page shows what was read — steps, questions and their kinds — and the
   importer's warnings, each with the line it concerns. "Open in editor" hands the worksheet
   to the editor as a new, unsaved draft (draft.js), to fix and save there.
   Document text only ever goes in through textContent. */
import * as F from "../common.js";
import { call, errorOf } from "./api.js";
import { draftKey, readDraft, writeDraft } from "./draft.js";
import { fieldLabel, fieldMessage, fromSource } from "./model.js";
import { toYaml } from "./yaml.js";

const root = document.getElementById("importer");
const $ = (id) => document.getElementById(id);
const ui = {
  text: $("import-text"),
  file: $("import-file"),
  preview: $("import-preview"),
  reads: $("import-reads"),
  empty: $("import-empty"),
  error: $("import-error"),
  result: $("import-result"),
  title: $("import-title"),
  summary: $("import-summary"),
  warnings: $("import-warnings"),
  warningsTitle: $("import-warnings-title"),
  warningList: $("import-warning-list"),
  noWarnings: $("import-no-warnings"),
  open: $("import-open"),
  replaces: $("import-replaces"),
  outline: $("import-outline"),
};
const KINDS = { text: "text", scale: "scale", choice: "choice" };
const state = { use: null, read: null };
const newKey = draftKey(root.dataset.user, null);

function showReads() {
  const file = ui.file.files[0];
  if (state.use === "file" && file) ui.reads.textContent = `Reads the file ${file.name}.`;
  else if (state.use === "text" && ui.text.value.trim()) ui.reads.textContent = "Reads the pasted text.";
  else ui.reads.textContent = "";
}

ui.text.addEventListener("input", () => {
  state.use = ui.text.value.trim() ? "text" : ui.file.files[0] ? "file" : null;
  showReads();
});
ui.file.addEventListener("change", () => {
  state.use = ui.file.files[0] ? "file" : ui.text.value.trim() ? "text" : null;
  showReads();
});

function plural(n, one, many) {
  return F.plural(n, one, many);
}

function outline(worksheet) {
  const steps = Array.isArray(worksheet.steps) ? worksheet.steps : [];
  return steps.map((step, i) => {
    const questions = Array.isArray(step && step.questions) ? step.questions : [];
    return F.el("li", { className: "ws-outline-step" }, [
      F.el("h4", { text: `Step ${i + 1}: ${(step && step.title) || "(no title)"}` }),
      step && step.guidance ? F.el("p", { className: "ws-outline-guidance", text: String(step.guidance) }) : null,
      questions.length
        ? F.el("ol", { className: "ws-outline-questions" }, questions.map((q) => F.el("li", {}, [
            F.el("span", { text: String((q && q.prompt) || "(no prompt)") }),
            F.el("span", { className: "badge ws-kind-badge", text: KINDS[q && q.kind] || "text" }),
          ])))
        : F.el("p", { className: "ws-outline-guidance", text: "No questions: phones read along." }),
    ]);
  });
}

function showResult(worksheet, warnings, error) {
  state.read = worksheet;
  ui.empty.hidden = true;
  ui.error.hidden = !error;
  if (error) {
    const where = error.field && error.field !== "file" ? `${fieldLabel(error.field)}: ` : "";
    ui.error.textContent = worksheet
      ? `It needs a fix before it can be saved — ${where}${fieldMessage(error)} You can fix it in the editor.`
      : `${where}${fieldMessage(error)}`;
  }
  ui.result.hidden = !worksheet;
  if (!worksheet) return;
  const steps = Array.isArray(worksheet.steps) ? worksheet.steps : [];
  const questions = steps.reduce((n, s) => n + (Array.isArray(s && s.questions) ? s.questions.length : 0), 0);
  const framing = [worksheet.purpose ? "a purpose" : null, worksheet.conclusion ? "a conclusion" : null].filter(Boolean);
  ui.title.textContent = worksheet.title || "(no title found)";
  ui.summary.textContent = `${plural(steps.length, "step", "steps")} and ${plural(questions, "question", "questions")}` +
    (framing.length ? `, with ${framing.join(" and ")}.` : ".");
  ui.warnings.hidden = !warnings.length;
  ui.noWarnings.hidden = Boolean(warnings.length) || Boolean(error);
  ui.warningsTitle.textContent = `Check ${warnings.length === 1 ? "this" : `these ${warnings.length}`}: Fulcrum was unsure`;
  ui.warningList.replaceChildren(
    ...warnings.map((w) =>
      F.el("li", {}, [
        F.el("span", { text: w.line ? `Line ${w.line}: ${w.message}` : String(w.message || "") }),
        w.text ? F.el("span", { className: "ws-warning-line", text: String(w.text) }) : null,
      ]),
    ),
  );
  ui.outline.replaceChildren(...outline(worksheet));
  const pending = readDraft(newKey);
  ui.replaces.hidden = !pending;
}

ui.preview.addEventListener("click", async () => {
  const file = ui.file.files[0];
  const use = state.use || (file ? "file" : "text");
  let bodyOf;
  if (use === "file" && file) {
    bodyOf = new FormData();
    bodyOf.append("file", file, file.name);
  } else if (ui.text.value.trim()) {
    bodyOf = { raw: ui.text.value, type: "text/plain; charset=utf-8" };
  } else {
    ui.empty.hidden = true;
    ui.result.hidden = true;
    ui.error.hidden = false;
    ui.error.textContent = "Paste the worksheet’s text or choose a file first.";
    ui.text.focus();
    return;
  }
  ui.preview.disabled = true;
  ui.preview.textContent = "Reading…";
  const result = await call("POST", "?dry_run=1", bodyOf);
  ui.preview.disabled = false;
  ui.preview.textContent = "Preview";
  const data = result.data || {};
  showResult(data.worksheet || null, Array.isArray(data.warnings) ? data.warnings : [], result.ok ? null : errorOf(result));
  $("result-heading").scrollIntoView({ block: "start" }); // what was read, from its top
});

ui.open.addEventListener("click", () => {
  if (!state.read) return;
  const draft = { source: state.read, origin: "import" };
  if (!fromSource(state.read)) draft.yaml = toYaml(state.read); // the forms cannot show it: the YAML view can
  writeDraft(newKey, draft);
  window.location.assign(root.dataset.editorUrl);
});
