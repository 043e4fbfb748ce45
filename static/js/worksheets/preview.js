/* A step as a phone shows it, inside a phone-sized frame: the phone's own markup and CSS
   (templates/phone.html, css/phone.css) and its own modules for what they can build alone —
   the answer box (phone/answer-form.js), the scale and choice forms (phone/pick-form.js)
   and the folded guidance with "Read more" (phone/guidance.js). Nothing is sent: Send does
   nothing in a preview.
   Worksheet text only ever goes in through textContent (common.js el). */
import * as F from "../common.js";
import { answerForm } from "../phone/answer-form.js";
import { guidance } from "../phone/guidance.js";
import { choiceForm, scaleForm } from "../phone/pick-form.js";
import { defaultShare, shareChoice } from "../phone/share-choice.js";

/** A preview in `frame` (an element the page styles as a phone). prefix keeps the ids of
    its answer boxes apart from the page's own; maxAnswer is the server's answer limit. */
export function phonePreview(frame, { prefix = "preview", maxAnswer, minGroup }) {
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
          const idle = { key: "", onSubmit: () => {}, onInput: () => {} };
          const build = q.kind === "scale" ? scaleForm : q.kind === "choice" ? choiceForm : answerForm;
          const form = build({ ...q, id }, heading, { maxAnswer, text: "", ...idle });
          // Who sees the answer, as the phone offers it (with the sessions' default group size).
          form.root.append(shareChoice({ ...q, id }, { chosen: defaultShare(q), minGroup: () => minGroup, onChange: () => {} }).root);
          return form.root;
        }),
      );
    },
  };
}
