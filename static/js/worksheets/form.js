/* The editor's form, drawn from the model (model.js) every time its shape changes (an item
   added, removed, moved, a kind changed); typing only updates the model. Every input
   carries the validator's path of its field (data-path, 1-based as the server counts:
   steps[2].questions[1].prompt) and an error line right after it (data-error-for), and ids
   made from the items' keys, so focus stays with an item when it moves.
   Worksheet text goes in through .value and textContent only. */
import * as F from "../common.js";

const KIND_LABELS = { text: "Text answer", scale: "Scale", choice: "Choice" };

/** Who sees a question's answers by default, and whether participants may choose otherwise. */
function shareFields(q, where, limits) {
  const selectId = `f-${q.key}-share`;
  const fixedId = `f-${q.key}-share-fixed`;
  const select = F.el(
    "select",
    { className: "ws-share", attrs: { id: selectId, "aria-describedby": `${selectId}-hint ${selectId}-error` }, dataset: { path: `${where}.share`, touch: `${q.key}.share`, key: q.key, question: q.key, prop: "share" } },
    limits.shares.map((value) => F.el("option", { text: (limits.share_names || {})[value] || value, attrs: { value, selected: value === q.share } })),
  );
  const fixed = F.el("input", {
    attrs: { type: "checkbox", id: fixedId, "aria-describedby": `${fixedId}-error` },
    dataset: { path: `${where}.share_fixed`, touch: `${q.key}.share_fixed`, key: q.key, question: q.key, prop: "share_fixed" },
  });
  fixed.checked = q.share_fixed;
  return F.el("div", { className: "ws-row ws-share-settings" }, [
    F.el("div", { className: "ws-field ws-field-share" }, [
      F.el("label", { className: "field-label", text: "Who sees answers by default", attrs: { for: selectId } }),
      F.el("p", { className: "field-hint", text: "Each participant can choose for their own answer, unless you fix it.", attrs: { id: `${selectId}-hint` } }),
      select,
      errorSlot(`${where}.share`, selectId),
    ]),
    F.el("div", { className: "ws-check-field" }, [
      fixed,
      F.el("label", { text: "Participants can't change it", attrs: { for: fixedId } }),
      errorSlot(`${where}.share_fixed`, fixedId),
    ]),
  ]);
}

function errorSlot(path, id) {
  return F.el("p", { className: "ws-error", attrs: { id: `${id}-error`, hidden: true }, dataset: { errorFor: path } });
}

/** One labelled input or textarea with its hint and error line. */
function field({ id, path, label, value, hint, rows, maxlength, type = "text", bind, className = "", min, max, placeholder }) {
  const tag = rows ? "textarea" : "input";
  const described = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(" ");
  const input = F.el(tag, {
    className: rows ? "ws-textarea" : "input",
    attrs: {
      id, type: rows ? null : type, rows, maxlength, min, max, placeholder, autocomplete: "off",
      inputmode: type === "number" ? "numeric" : null, step: type === "number" ? "1" : null, "aria-describedby": described,
    },
    dataset: { path, touch: `${bind.key}.${bind.prop}`, ...bind },
  });
  input.value = value;
  return F.el("div", { className: `ws-field ${className}`.trim() }, [
    F.el("label", { className: "field-label", text: label, attrs: { for: id } }),
    hint ? F.el("p", { className: "field-hint", text: hint, attrs: { id: `${id}-hint` } }) : null,
    input,
    errorSlot(path, id),
  ]);
}

/** A button whose visible word needs context for a screen reader: `spoken` replaces the
    visible text (↑ Up → "Move step 2 up"); with `suffix`, it is added after it instead. */
function toolButton(action, text, spoken, attrs = {}, dataset = {}, suffix = false) {
  return F.el("button", { className: "button ws-tool", attrs: { type: "button", ...attrs }, dataset: { action, ...dataset } }, [
    F.el("span", { text, attrs: { "aria-hidden": suffix || !spoken ? null : "true" } }),
    spoken ? F.el("span", { className: "visually-hidden", text: spoken }) : null,
  ]);
}

function moveTools(kind, key, n, total, name) {
  const data = { [kind]: key };
  return F.el("div", { className: "ws-item-tools" }, [
    toolButton(`${kind}-up`, "↑ Up", `Move ${name} up`, { id: `up-${key}`, disabled: n === 1 }, data),
    toolButton(`${kind}-down`, "↓ Down", `Move ${name} down`, { id: `down-${key}`, disabled: n === total }, data),
    toolButton(`${kind}-remove`, "Remove", `Remove ${name}`, { id: `remove-${key}`, disabled: kind === "step" && total === 1 }, data),
  ]);
}

function scaleFields(q, where, limits) {
  const bind = (prop) => ({ key: q.key, question: q.key, prop });
  const [low, high] = limits.default_scale;
  return F.el("div", { className: "ws-kind-settings ws-scale-settings" }, [
    F.el("div", { className: "ws-row ws-row-numbers" }, [
      field({ id: `f-${q.key}-min`, path: `${where}.min`, label: "From", value: q.min, type: "number", bind: bind("min"), placeholder: String(low) }),
      field({ id: `f-${q.key}-max`, path: `${where}.max`, label: "To", value: q.max, type: "number", bind: bind("max"), placeholder: String(high),
        hint: `${limits.min_points} to ${limits.max_points} points.` }),
    ]),
    F.el("div", { className: "ws-row ws-row-labels" }, [
      field({ id: `f-${q.key}-left`, path: `${where}.left`, label: "Left label", value: q.left, maxlength: limits.option, bind: bind("left"), placeholder: "e.g. More independent" }),
      field({ id: `f-${q.key}-middle`, path: `${where}.middle`, label: "Middle label", value: q.middle, maxlength: limits.option, bind: bind("middle"), placeholder: "optional" }),
      field({ id: `f-${q.key}-right`, path: `${where}.right`, label: "Right label", value: q.right, maxlength: limits.option, bind: bind("right"), placeholder: "e.g. More interdependent" }),
    ]),
  ]);
}

function choiceFields(q, where, limits) {
  const listPath = `${where}.options`;
  const rows = q.options.map((option, i) => {
    const id = `f-${option.key}`;
    const path = `${listPath}[${i + 1}]`;
    const input = F.el("input", {
      className: "input",
      attrs: { id, type: "text", maxlength: limits.option, autocomplete: "off", "aria-describedby": `${id}-error` },
      dataset: { path, touch: `${option.key}.text`, key: option.key, question: q.key, option: option.key, prop: "text" },
    });
    input.value = option.text;
    return F.el("li", { className: "ws-option" }, [
      F.el("div", { className: "ws-option-row" }, [
        F.el("label", { className: "ws-option-label", text: `Option ${i + 1}`, attrs: { for: id } }),
        input,
        toolButton("option-remove", "Remove", `Remove option ${i + 1}`, { id: `remove-${option.key}`, disabled: q.options.length <= 1 }, { question: q.key, option: option.key }),
      ]),
      errorSlot(path, id),
    ]);
  });
  const multipleId = `f-${q.key}-multiple`;
  const multiple = F.el("input", {
    attrs: { type: "checkbox", id: multipleId, "aria-describedby": `${multipleId}-error` },
    dataset: { path: `${where}.multiple`, touch: `${q.key}.multiple`, key: q.key, question: q.key, prop: "multiple" },
  });
  multiple.checked = q.multiple;
  const legendId = `legend-${q.key}`;
  return F.el("div", { className: "ws-kind-settings ws-choice-settings" }, [
    F.el("fieldset", { className: "ws-options", attrs: { id: `options-${q.key}`, "aria-describedby": `options-${q.key}-error` }, dataset: { path: listPath, touch: `${q.key}.options` } }, [
      F.el("legend", { className: "field-label", text: "Options", attrs: { id: legendId } }),
      F.el("p", { className: "field-hint", text: `${limits.min_options} to ${limits.max_options}, each different, one line each.` }),
      F.el("ol", { className: "ws-option-list" }, rows),
      errorSlot(listPath, `options-${q.key}`),
      toolButton("option-add", "+ Add option", "", { id: `add-option-${q.key}`, disabled: q.options.length >= limits.max_options }, { question: q.key }),
    ]),
    F.el("div", { className: "ws-check-field" }, [
      multiple,
      F.el("label", { text: "People may choose more than one", attrs: { for: multipleId } }),
      errorSlot(`${where}.multiple`, multipleId),
    ]),
  ]);
}

function questionCard(q, stepN, n, total, limits) {
  const where = `steps[${stepN}].questions[${n}]`;
  const headingId = `heading-${q.key}`;
  const kindId = `f-${q.key}-kind`;
  const kind = F.el(
    "select",
    { className: "ws-kind", attrs: { id: kindId, "aria-describedby": `${kindId}-error` }, dataset: { path: `${where}.kind`, touch: `${q.key}.kind`, key: q.key, question: q.key, prop: "kind" } },
    limits.kinds.map((value) => F.el("option", { text: KIND_LABELS[value] || value, attrs: { value, selected: value === q.kind } })),
  );
  return F.el("li", { className: "ws-question", attrs: { "aria-labelledby": headingId }, dataset: { question: q.key, kind: q.kind } }, [
    F.el("div", { className: "ws-item-head" }, [
      F.el("h4", { className: "ws-item-title", text: `Question ${n}`, attrs: { id: headingId, tabindex: "-1" } }),
      moveTools("question", q.key, n, total, `question ${n}`),
    ]),
    F.el("div", { className: "ws-row ws-row-question" }, [
      field({ id: `f-${q.key}-prompt`, path: `${where}.prompt`, label: "Prompt", value: q.prompt, rows: 2, maxlength: limits.prompt, bind: { key: q.key, question: q.key, prop: "prompt" }, className: "ws-field-prompt" }),
      F.el("div", { className: "ws-field ws-field-kind" }, [F.el("label", { className: "field-label", text: "Kind", attrs: { for: kindId } }), kind, errorSlot(`${where}.kind`, kindId)]),
    ]),
    q.kind === "scale" ? scaleFields(q, where, limits) : null,
    q.kind === "choice" ? choiceFields(q, where, limits) : null,
    shareFields(q, where, limits),
  ]);
}

function stepCard(step, n, total, limits) {
  const where = `steps[${n}]`;
  const headingId = `heading-${step.key}`;
  const bind = (prop) => ({ key: step.key, step: step.key, prop });
  return F.el("li", { className: "ws-step", attrs: { "aria-labelledby": headingId }, dataset: { step: step.key } }, [
    F.el("div", { className: "ws-item-head" }, [
      F.el("h3", { className: "ws-item-title", text: `Step ${n}`, attrs: { id: headingId, tabindex: "-1" } }),
      moveTools("step", step.key, n, total, `step ${n}`),
    ]),
    field({ id: `f-${step.key}-title`, path: `${where}.title`, label: "Step title", value: step.title, maxlength: limits.title, bind: bind("title") }),
    field({ id: `f-${step.key}-guidance`, path: `${where}.guidance`, label: "Guidance", value: step.guidance, rows: 3, bind: bind("guidance"),
      hint: "Phones show it above the questions. Leave a blank line between paragraphs." }),
    F.el("div", { className: "ws-facilitator" }, [
      field({ id: `f-${step.key}-notes`, path: `${where}.notes`, label: "Facilitator notes — only you see these", value: step.notes, rows: 2,
        bind: bind("notes"), hint: "Your script for this step: on your dashboard, never on phones, the projector or reports.", className: "ws-field-notes" }),
      field({ id: `f-${step.key}-minutes`, path: `${where}.minutes`, label: "Minutes", value: step.minutes, type: "number", min: 1, max: limits.max_minutes,
        bind: bind("minutes"), hint: "Suggested time; the step timer starts from it.", className: "ws-field-minutes" }),
    ]),
    F.el("div", { className: "ws-questions-block" }, [
      F.el("h4", { className: "ws-subheading", text: step.questions.length ? "Questions" : "Questions — none: phones read along" }),
      F.el("ol", { className: "ws-question-list", attrs: { "aria-describedby": `questions-${step.key}-error` }, dataset: { path: `${where}.questions`, touch: `${step.key}.questions` } },
        step.questions.map((q, i) => questionCard(q, n, i + 1, step.questions.length, limits))),
      errorSlot(`${where}.questions`, `questions-${step.key}`),
      toolButton("question-add", "+ Add question", ` to step ${n}`, { id: `add-question-${step.key}` }, { step: step.key }, true),
    ]),
  ]);
}

/** Fill `form` with the whole worksheet. */
export function renderForm(form, model, limits) {
  const top = (prop) => ({ key: "ws", prop });
  form.replaceChildren(
    F.el("section", { className: "ws-block ws-about", attrs: { "aria-labelledby": "about-heading" }, dataset: { preview: "purpose" } }, [
      F.el("h2", { text: "About this worksheet", attrs: { id: "about-heading" } }),
      field({ id: "f-title", path: "title", label: "Title", value: model.title, maxlength: limits.title, bind: top("title") }),
      field({ id: "f-description", path: "description", label: "Description", value: model.description, maxlength: limits.description, bind: top("description"),
        hint: "One line for its card on the Worksheets page. Optional." }),
      field({ id: "f-purpose", path: "purpose", label: "Purpose", value: model.purpose, rows: 4, bind: top("purpose"),
        hint: "Optional. Phones show it as the first step, to read before any question." }),
    ]),
    F.el("section", { className: "ws-block ws-steps", attrs: { "aria-labelledby": "steps-heading" } }, [
      F.el("h2", { text: "Steps", attrs: { id: "steps-heading" } }),
      F.el("ol", { className: "ws-step-list", attrs: { id: "step-list", "aria-describedby": "steps-error" }, dataset: { path: "steps", touch: "ws.steps" } },
        model.steps.map((step, i) => stepCard(step, i + 1, model.steps.length, limits))),
      errorSlot("steps", "steps"),
      toolButton("step-add", "+ Add step", "", { id: "add-step" }),
    ]),
    F.el("section", { className: "ws-block ws-conclusion", attrs: { "aria-labelledby": "conclusion-heading" }, dataset: { preview: "conclusion" } }, [
      F.el("h2", { text: "At the end", attrs: { id: "conclusion-heading" } }),
      field({ id: "f-conclusion", path: "conclusion", label: "Conclusion", value: model.conclusion, rows: 3, bind: top("conclusion"),
        hint: "Optional. Phones show it as the last step." }),
    ]),
  );
}
