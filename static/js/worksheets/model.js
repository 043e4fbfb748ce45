/* The editor's worksheet: the YAML keys of docs/worksheets.md turned into a model the forms
   edit (every item has a stable `key`, so focus and errors follow an item when it moves),
   and back. Settings of another kind are kept while editing (switching a question from
   choice to text and back loses nothing) but only the question's own kind is sent.
   The server's validator (POST /api/v1/worksheets?dry_run=1) judges the result. */

let counter = 0;
const nextKey = (prefix) => `${prefix}${(counter += 1)}`;

const TOP = ["title", "description", "purpose", "steps", "conclusion"];
const STEP = ["title", "guidance", "notes", "minutes", "questions"];
const QUESTION = ["prompt", "kind", "min", "max", "left", "right", "middle", "options", "multiple", "share", "share_fixed"];

const text = (value) => (value === undefined || value === null ? "" : String(value));
const numberText = (value, fallback) => (value === undefined || value === null ? fallback : String(value));

export function blankQuestion(kind = "text", limits = {}) {
  const [low, high] = limits.default_scale || [1, 5];
  return {
    key: nextKey("q"),
    kind,
    prompt: "",
    min: String(low),
    max: String(high),
    left: "",
    middle: "",
    right: "",
    options: kind === "choice" ? [blankOption(), blankOption()] : [],
    multiple: false,
    share: limits.default_share || "group",
    share_fixed: false,
  };
}

export const blankOption = (value = "") => ({ key: nextKey("o"), text: value });

export function blankStep(limits) {
  return { key: nextKey("s"), title: "", guidance: "", notes: "", minutes: "", questions: [blankQuestion("text", limits)] };
}

export function blankWorksheet(limits) {
  return { title: "", description: "", purpose: "", conclusion: "", steps: [blankStep(limits)] };
}

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
const onlyKeys = (value, allowed) => isObject(value) && Object.keys(value).every((key) => allowed.includes(key));
const scalar = (value) => value === undefined || value === null || ["string", "number", "boolean"].includes(typeof value);

/** The YAML keys → the model, or null when the forms cannot show them (unknown keys, a list
    where text belongs…): the YAML view keeps such a worksheet until it is fixed there. */
export function fromSource(source, limits = {}) {
  if (!onlyKeys(source, TOP) || !Array.isArray(source.steps)) return null;
  if (![source.title, source.description, source.purpose, source.conclusion].every(scalar)) return null;
  const [low, high] = limits.default_scale || [1, 5];
  const steps = [];
  for (const raw of source.steps) {
    if (!onlyKeys(raw, STEP) || ![raw.title, raw.guidance, raw.notes, raw.minutes].every(scalar)) return null;
    const rawQuestions = raw.questions === undefined || raw.questions === null ? [] : raw.questions;
    if (!Array.isArray(rawQuestions)) return null;
    const questions = [];
    for (const q of rawQuestions) {
      if (!onlyKeys(q, QUESTION)) return null;
      const kind = q.kind === undefined || q.kind === null ? "text" : q.kind;
      if (!["text", "scale", "choice"].includes(kind)) return null;
      if (![q.prompt, q.min, q.max, q.left, q.right, q.middle, q.multiple, q.share, q.share_fixed].every(scalar)) return null;
      if (q.options !== undefined && (!Array.isArray(q.options) || !q.options.every(scalar))) return null;
      questions.push({
        key: nextKey("q"),
        kind,
        prompt: text(q.prompt),
        min: numberText(q.min, String(low)),
        max: numberText(q.max, String(high)),
        left: text(q.left),
        middle: text(q.middle),
        right: text(q.right),
        options: (q.options || []).map((option) => blankOption(text(option))),
        multiple: q.multiple === true,
        share: q.share === undefined || q.share === null ? limits.default_share || "group" : text(q.share),
        share_fixed: q.share_fixed === true,
      });
    }
    steps.push({
      key: nextKey("s"),
      title: text(raw.title),
      guidance: text(raw.guidance),
      notes: text(raw.notes),
      minutes: raw.minutes === undefined || raw.minutes === null ? "" : String(raw.minutes),
      questions,
    });
  }
  return {
    title: text(source.title),
    description: text(source.description),
    purpose: text(source.purpose),
    conclusion: text(source.conclusion),
    steps,
  };
}

/** A number typed in a box: a whole number is sent as one, anything else as typed (the
    validator says what is wrong with it). */
function whole(value) {
  const trimmed = String(value).trim();
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** The model → the YAML keys the API takes (defaults and empty optional text left out, as
    worksheet_source does, so an unchanged worksheet compares equal to the server's). */
export function toSource(model, limits = {}) {
  const [low, high] = limits.default_scale || [1, 5];
  const out = { title: model.title };
  if (model.description.trim()) out.description = model.description;
  if (model.purpose.trim()) out.purpose = model.purpose;
  out.steps = model.steps.map((step) => {
    const item = { title: step.title };
    if (step.guidance.trim()) item.guidance = step.guidance;
    if (step.notes.trim()) item.notes = step.notes;
    if (String(step.minutes).trim()) item.minutes = whole(step.minutes);
    if (step.questions.length) {
      item.questions = step.questions.map((q) => {
        const question = { prompt: q.prompt };
        if (q.kind === "scale") {
          question.kind = "scale";
          const min = String(q.min).trim() ? whole(q.min) : low;
          const max = String(q.max).trim() ? whole(q.max) : high;
          if (min !== low || max !== high) Object.assign(question, { min, max });
          for (const key of ["left", "middle", "right"]) if (q[key].trim()) question[key] = q[key];
        } else if (q.kind === "choice") {
          question.kind = "choice";
          question.options = q.options.map((option) => option.text);
          if (q.multiple) question.multiple = true;
        }
        // Who sees the answers by default (docs/worksheets.md): left out when it is the default.
        if (q.share && q.share !== (limits.default_share || "group")) question.share = q.share;
        if (q.share_fixed) question.share_fixed = true;
        return question;
      });
    }
    return item;
  });
  if (model.conclusion.trim()) out.conclusion = model.conclusion;
  return out;
}

/** The steps a session walks through, as the server flattens them (domain/worksheets.py):
    Purpose first when there is one, the steps, Conclusion last; question ids s{index}q{n}.
    Each question as phones receive it (Question.payload). */
export function sessionSteps(source, limits = {}) {
  const [low, high] = limits.default_scale || [1, 5];
  const steps = [];
  const purpose = text(source.purpose).trim();
  if (purpose) steps.push({ title: "Purpose", guidance: purpose, questions: [], from: "purpose" });
  (Array.isArray(source.steps) ? source.steps : []).forEach((raw, n) => {
    const index = steps.length;
    const questions = (Array.isArray(raw && raw.questions) ? raw.questions : []).map((q, i) => {
      const kind = (q && q.kind) || "text";
      const payload = { id: `s${index}q${i + 1}`, kind, prompt: text(q && q.prompt) };
      if (kind === "scale") {
        const min = Number.isInteger(q.min) ? q.min : low;
        const max = Number.isInteger(q.max) ? q.max : high;
        Object.assign(payload, { min, max, left: text(q.left), right: text(q.right), middle: text(q.middle) });
      } else if (kind === "choice") {
        Object.assign(payload, { options: (q.options || []).map(text), multiple: q.multiple === true });
      }
      payload.share = (q && q.share) || limits.default_share || "group";
      payload.share_fixed = Boolean(q && q.share_fixed === true);
      return payload;
    });
    steps.push({ title: text(raw && raw.title), guidance: text(raw && raw.guidance), questions, from: n });
  });
  const conclusion = text(source.conclusion).trim();
  if (conclusion) steps.push({ title: "Conclusion", guidance: conclusion, questions: [], from: "conclusion" });
  return steps.map((step, index) => ({ ...step, index, count: steps.length }));
}

/** "steps[2].questions[1].prompt" → "Step 2 · Question 1 · Prompt", for the summary line. */
export function fieldLabel(path) {
  if (!path) return "";
  const names = { title: "Title", description: "Description", purpose: "Purpose", conclusion: "Conclusion",
    steps: "Steps", guidance: "Guidance", notes: "Facilitator notes", minutes: "Minutes", questions: "Questions",
    prompt: "Prompt", kind: "Kind", min: "Lowest point", max: "Highest point", left: "Left label",
    right: "Right label", middle: "Middle label", options: "Options", multiple: "Several answers", share: "Who sees answers", share_fixed: "Fixed", file: "File" };
  return path
    .split(".")
    .map((part) => {
      const match = /^(\w+)\[(\d+)\]$/.exec(part);
      if (!match) return names[part] || part;
      const singular = { steps: "Step", questions: "Question", options: "Option" }[match[1]] || match[1];
      return `${singular} ${match[2]}`;
    })
    .join(" · ");
}

/** The validator's message without the field's path in front ("steps[2].title: must be…"),
    as a sentence. */
export function fieldMessage(error) {
  let message = String((error && error.message) || "");
  if (error && error.field && message.startsWith(`${error.field}: `)) message = message.slice(error.field.length + 2);
  if (/^must be a non-empty string$/.test(message)) message = "can’t be empty";
  return message ? message[0].toUpperCase() + message.slice(1) + (/[.?!)]$/.test(message) ? "" : ".") : "";
}
