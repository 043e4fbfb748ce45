/* What the projector shows: the "Show on projector" toggles, and a note (with a way to hide
   it) when the projector shows a question of another step. */
import * as F from "../common.js";
import { setText } from "./dom.js";
import { setMessage, state, stepOfQuestion, ui } from "./state.js";
import { themeEditFailed } from "./theme-edits.js";

export function toggleReveal(qid) {
  if (!state.hosted) return;
  const next = state.revealed === qid ? null : qid;
  F.request(state.socket, "reveal", { question_id: next }).then((ack) => {
    if (!ack.ok) {
      themeEditFailed(next ? "show the themes on the projector" : "hide the themes from the projector", ack);
      return;
    }
    setMessage("");
    state.revealed = next;
    updateReveal();
  });
}

/** The "Show on projector" toggles, and a note when the projector shows another step's question. */
export function updateReveal() {
  for (const button of ui.questions.querySelectorAll("button.reveal-toggle")) {
    button.setAttribute("aria-pressed", String(state.revealed === button.dataset.questionId));
    button.disabled = !state.hosted;
  }
  const elsewhere = state.revealed !== null && !(state.step && state.step.questions.some((q) => q.id === state.revealed));
  if (ui.revealNote) {
    ui.revealNote.hidden = !elsewhere;
    if (elsewhere) {
      const prompt = state.prompts.get(state.revealed);
      const step = stepOfQuestion(state.revealed);
      setText(ui.revealNoteText, prompt
        ? `The projector shows the themes of “${prompt}”${step !== null ? ` (step ${step + 1})` : ""}.`
        : `The projector shows the themes of a question${step !== null ? ` from step ${step + 1}` : " from another step"}.`);
    }
    ui.revealOff.disabled = !state.hosted;
  }
}

if (ui.revealOff) {
  ui.revealOff.addEventListener("click", () => {
    if (state.revealed) toggleReveal(state.revealed);
  });
}
