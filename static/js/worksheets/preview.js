/* A step as a phone shows it, inside a phone-sized frame: the phone's own markup and CSS
   (templates/phone.html, css/phone.css) and its own modules for what they can build alone —
   the answer box (phone/answer-form.js) and the folded guidance with "Read more"
   (phone/guidance.js). Scales and choices are drawn here with the same classes until the
   phone has a module of its own for them. Nothing is sent: Send does nothing in a preview.
   Worksheet text only ever goes in through textContent (common.js el). */
import * as F from "../common.js";
import { answerForm } from "../phone/answer-form.js";
import { guidance } from "../phone/guidance.js";

const PHONE_LIMIT = 2000;

function scaleForm(q, heading, prefix) {
  const labelId = `${prefix}-prompt-${q.id}`;
  const points = [];
  for (let value = q.min; value <= q.max; value += 1) points.push(value);
  const buttons = points.map((value) =>
    F.el("button", { className: "scale-point", text: value, attrs: { type: "button", "aria-pressed": "false" } }),
  );
  const ends = F.el("div", { className: "scale-labels", attrs: { "aria-hidden": "true" } }, [
    F.el("span", { className: "scale-label scale-label-left", text: q.left || "" }),
    F.el("span", { className: "scale-label scale-label-middle", text: q.middle || "" }),
    F.el("span", { className: "scale-label scale-label-right", text: q.right || "" }),
  ]);
  const group = F.el("div", { className: "scale-points", attrs: { role: "group", "aria-labelledby": labelId } }, buttons);
  group.style.setProperty("--points", String(points.length));
  const root = F.el("form", { className: "answer-form answer-form-scale", attrs: { novalidate: true }, dataset: { questionId: q.id, kind: "scale" } }, [
    prompt(q, heading, labelId),
    group,
    q.left || q.middle || q.right ? ends : null,
    F.el("div", { className: "answer-actions" }, [F.el("button", { className: "button button-primary send-button", text: "Send", attrs: { type: "submit" } })]),
  ]);
  group.addEventListener("click", (event) => {
    const button = event.target.closest(".scale-point");
    if (!button) return;
    for (const other of buttons) other.setAttribute("aria-pressed", String(other === button));
  });
  return root;
}

function choiceForm(q, heading, prefix) {
  const labelId = `${prefix}-prompt-${q.id}`;
  const type = q.multiple ? "checkbox" : "radio";
  const options = q.options.map((option, i) => {
    const id = `${prefix}-${q.id}-o${i + 1}`;
    return F.el("label", { className: "choice-option", attrs: { for: id } }, [
      F.el("input", { className: "choice-input", attrs: { type, id, name: `${prefix}-${q.id}`, value: option } }),
      F.el("span", { className: "choice-text", text: option }),
    ]);
  });
  return F.el("form", { className: "answer-form answer-form-choice", attrs: { novalidate: true }, dataset: { questionId: q.id, kind: "choice" } }, [
    prompt(q, heading, labelId),
    F.el("p", { className: "choice-hint", text: q.multiple ? "Choose all that apply." : "Choose one." }),
    F.el("div", { className: "choice-options", attrs: { role: "group", "aria-labelledby": labelId } }, options),
    F.el("div", { className: "answer-actions" }, [F.el("button", { className: "button button-primary send-button", text: "Send", attrs: { type: "submit" } })]),
  ]);
}

function prompt(q, heading, id) {
  return F.el("p", { className: "question-prompt", attrs: { id } }, [
    heading ? F.el("span", { className: "question-number", text: heading }) : null,
    F.el("span", { className: "question-text", text: q.prompt }),
  ]);
}

/** A preview in `frame` (an element the page styles as a phone). prefix keeps the ids of
    its answer boxes apart from the page's own. */
export function phonePreview(frame, { prefix = "preview", maxAnswer = PHONE_LIMIT } = {}) {
  const ui = {
    progress: F.el("p", { className: "step-progress" }),
    title: F.el("h3", { className: "step-title" }), // the phone's h1, a heading under the preview's own here
    guidance: F.el("div", { className: "guidance" }),
    readMore: F.el("button", { className: "link-button read-more", text: "Read more", attrs: { type: "button", hidden: true } }),
    readAlong: F.el("p", { className: "read-along", text: "Read along — no answer needed here.", attrs: { hidden: true } }),
    questions: F.el("div", { className: "questions" }),
    empty: F.el("p", { className: "ws-preview-empty", attrs: { hidden: true } }),
  };
  const guide = guidance(ui.guidance, ui.readMore);
  const step = F.el("article", { className: "step" }, [
    F.el("div", { className: "step-head" }, [ui.progress]),
    ui.title,
    ui.guidance,
    ui.readMore,
    ui.readAlong,
    ui.questions,
  ]);
  const screen = F.el("div", { className: "ws-phone-screen phone-body" }, [
    F.el("div", { className: "ws-phone-bar", attrs: { "aria-hidden": "true" } }, [F.el("span", { className: "brand", text: "Fulcrum" })]),
    F.el("div", { className: "phone" }, [ui.empty, step]),
  ]);
  screen.addEventListener("submit", (event) => event.preventDefault()); // a preview sends nothing
  frame.replaceChildren(screen);

  return {
    /** Show `step` (model.sessionSteps' item), or a note when there is none. */
    show(shown, note = "Nothing to show yet.") {
      if (!shown) {
        step.hidden = true;
        ui.empty.hidden = false;
        ui.empty.textContent = note;
        return;
      }
      step.hidden = false;
      ui.empty.hidden = true;
      ui.progress.textContent = `Step ${shown.index + 1} of ${shown.count}`;
      ui.title.textContent = shown.title || "(no title yet)";
      ui.title.classList.toggle("ws-preview-missing", !shown.title);
      const questions = shown.questions;
      guide.render(shown.guidance, questions.length > 0);
      ui.readAlong.hidden = questions.length > 0;
      ui.questions.replaceChildren(
        ...questions.map((q, i) => {
          const heading = questions.length > 1 ? `Question ${i + 1} of ${questions.length}` : null;
          const id = `${prefix}-${q.id}`;
          if (q.kind === "scale") return scaleForm({ ...q, id }, heading, prefix);
          if (q.kind === "choice") return choiceForm({ ...q, id }, heading, prefix);
          const form = answerForm({ ...q, id }, heading, { maxAnswer, text: "", onSubmit: () => {}, onInput: () => {} });
          return form.root;
        }),
      );
    },
  };
}
