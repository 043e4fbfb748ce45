/* Moderating answers, per answer card: "Hide" keeps an answer off the projector, the themes
   and the report (the card stays here, greyed, marked "Hidden", with "Unhide"; it still
   counts in "n of N answered"; also after the end, for the report), and "Spotlight" puts
   one answer large on the projector
   ("Take down" removes it; a note above the answers says what is up). What is hidden and
   what is spotlit come from the server's pushes, so every dashboard agrees. A refusal
   (too few answers to spotlight yet, …) shows on its card in the server's words. */
import * as F from "../common.js";
import { setText } from "./dom.js";
import { send, showError } from "./send.js";
import { setMessage, state, ui } from "./state.js";

/** The card's moderation parts: a flag ("Hidden", "On the projector"), the buttons, an error line. */
export function moderationParts(answer) {
  const textId = `answer-${answer.id}-text`;
  return {
    flag: F.el("p", { className: "answer-flag", attrs: { hidden: true } }, [
      F.el("span", { className: "answer-flag-label" }),
      F.el("span", { className: "answer-flag-note" }),
    ]),
    actions: F.el("div", { className: "answer-actions" }, [
      F.el("button", { className: "answer-action answer-hide", text: "Hide", attrs: { type: "button", "aria-describedby": textId } }),
      F.el("button", { className: "answer-action answer-spotlight", text: "Spotlight", attrs: { type: "button", "aria-describedby": textId } }),
    ]),
    error: F.el("p", { className: "answer-error", attrs: { role: "alert" } }),
  };
}

/** Draw a card's hidden and spotlit state (and whether its buttons can act now). */
export function updateCard(card) {
  const answer = state.answers.get(Number(card.dataset.answerId));
  if (!answer) return;
  const hidden = Boolean(answer.hidden);
  const spotlit = !hidden && state.spotlight === answer.id;
  card.classList.toggle("is-hidden", hidden);
  card.classList.toggle("is-spotlit", spotlit);
  const flag = card.querySelector(".answer-flag");
  flag.hidden = !hidden && !spotlit;
  setText(flag.firstChild, hidden ? "Hidden" : spotlit ? "On the projector" : "");
  setText(flag.lastChild, hidden ? " from the projector, themes and report" : "");
  const hide = card.querySelector(".answer-hide");
  const spot = card.querySelector(".answer-spotlight");
  setText(hide, hidden ? "Unhide" : "Hide");
  setText(spot, spotlit ? "Take down" : "Spotlight");
  // A hidden answer cannot be spotlit, nor one sent only to this screen, nor any once it has ended.
  spot.hidden = hidden || state.ended || answer.share !== "group";
  spot.disabled = !state.hosted || state.ended;
  hide.disabled = !state.hosted; // still after the end: it keeps an answer out of the report
}

export function updateCards() {
  for (const card of ui.questions.querySelectorAll("li.answer-card")) updateCard(card);
  renderSpotlightNote();
}

/** From the host ack (`spotlight`: an answer id or null) or a `spotlight` push ({answer_id}). */
export function setSpotlight(answerId) {
  state.spotlight = Number.isInteger(answerId) ? answerId : null;
  updateCards();
}

function renderSpotlightNote() {
  const answer = state.spotlight !== null ? state.answers.get(state.spotlight) : null;
  ui.spotlightNote.hidden = state.spotlight === null || state.ended;
  setText(ui.spotlightText, answer ? `“${answer.text}”` : "an answer");
  ui.spotlightOff.disabled = !state.hosted || state.ended;
}

function cardError(card, text) {
  showError(card.querySelector(".answer-error"), text);
}

async function hide(card, hidden) {
  const id = Number(card.dataset.answerId);
  cardError(card, "");
  const ack = await send("hide", { answer_id: id, hidden });
  if (!ack.ok) {
    cardError(card, `Could not ${hidden ? "hide" : "unhide"} this answer: ${F.errorMessage(ack)}`);
    return;
  }
  const answer = state.answers.get(id);
  if (answer) answer.hidden = hidden; // the `answers` push says the same to every screen
  if (hidden && state.spotlight === id) state.spotlight = null;
  updateCards();
}

async function spotlight(card, on) {
  const id = Number(card.dataset.answerId);
  cardError(card, "");
  const ack = await send("spotlight", { answer_id: on ? id : null });
  if (!ack.ok) {
    const what = on ? "spotlight this answer" : "take the spotlight down";
    cardError(card, F.errorCode(ack) === "too_few_answers"
      ? `Not on the projector yet. ${F.errorMessage(ack)}`
      : `Could not ${what}: ${F.errorMessage(ack)}`);
    return;
  }
  setSpotlight(on ? id : null);
}

ui.questions.addEventListener("click", (event) => {
  const button = event.target.closest("button.answer-action");
  if (!button || button.disabled) return;
  const card = button.closest("li.answer-card");
  const answer = state.answers.get(Number(card.dataset.answerId));
  if (!answer) return;
  if (button.classList.contains("answer-hide")) hide(card, !answer.hidden);
  else spotlight(card, state.spotlight !== answer.id);
});

ui.spotlightOff.addEventListener("click", async () => {
  const ack = await send("spotlight", { answer_id: null });
  if (ack.ok) {
    setMessage("");
    setSpotlight(null);
  } else {
    setMessage(`Could not take the spotlight down: ${F.errorMessage(ack)}`);
  }
});
