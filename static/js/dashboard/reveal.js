/* What the projector shows: each question's "Show on projector" (its themes, or a scale's
   or choice's chart) and "Show quotes" toggles, and a note (with a way to hide it) when the
   projector shows a question of another step.
   Quotes are a few scrubbed answers per theme, shown by the projector only once the
   question has the session's group size of answers (the server decides). */
import * as F from "../common.js";
import { setText } from "./dom.js";
import { setMessage, state, stepOfQuestion, ui } from "./state.js";
import { editFailed } from "./theme-send.js";

/** From the host ack or a `reveal` push: {question_id, quotes}. */
export function setRevealed(data) {
  state.revealed = data && typeof data.question_id === "string" ? data.question_id : null;
  state.quotes = Boolean(state.revealed && data.quotes);
  updateReveal();
}

function reveal(qid, quotes, what) {
  if (!state.hosted) return;
  F.request(state.socket, "reveal", { question_id: qid, quotes }).then((ack) => {
    if (!ack.ok) {
      editFailed(what, ack);
      return;
    }
    setMessage("");
    setRevealed({ question_id: qid, quotes });
  });
}

/** Show a question's themes (without quotes), or hide them if it is the one shown. */
export function toggleReveal(qid) {
  if (state.revealed === qid) reveal(null, false, "hide the themes from the projector");
  else reveal(qid, false, "show the themes on the projector");
}

/** Quotes on (showing the question if it is not yet shown) or off (it stays shown). */
export function toggleQuotes(qid) {
  if (state.revealed === qid && state.quotes) reveal(qid, false, "hide the quotes");
  else reveal(qid, true, "show the quotes on the projector");
}

export function updateReveal() {
  for (const button of ui.questions.querySelectorAll("button.reveal-toggle")) {
    button.setAttribute("aria-pressed", String(state.revealed === button.dataset.questionId));
    button.disabled = !state.hosted;
  }
  for (const button of ui.questions.querySelectorAll("button.quotes-toggle")) {
    button.setAttribute("aria-pressed", String(state.quotes && state.revealed === button.dataset.questionId));
    button.disabled = !state.hosted;
  }
  const elsewhere = state.revealed !== null && !(state.step && state.step.questions.some((q) => q.id === state.revealed));
  if (ui.revealNote) {
    ui.revealNote.hidden = !elsewhere;
    if (elsewhere) {
      const prompt = state.prompts.get(state.revealed);
      const step = stepOfQuestion(state.revealed);
      const chart = ["scale", "choice"].includes(state.kinds.get(state.revealed));
      const what = chart ? "chart" : state.quotes ? "themes and quotes" : "themes";
      setText(ui.revealNoteText, prompt
        ? `The projector shows the ${what} of “${prompt}”${step !== null ? ` (step ${step + 1})` : ""}.`
        : `The projector shows the ${what} of a question${step !== null ? ` from step ${step + 1}` : " from another step"}.`);
    }
    ui.revealOff.disabled = !state.hosted;
  }
}

if (ui.revealOff) {
  ui.revealOff.addEventListener("click", () => {
    if (state.revealed) toggleReveal(state.revealed);
  });
}

ui.questions.addEventListener("click", (event) => {
  const quotes = event.target.closest("button.quotes-toggle");
  if (quotes) toggleQuotes(quotes.dataset.questionId);
});
