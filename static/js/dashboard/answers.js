/* The dashboard's answers: a question's block (its head with the room's progress, its
   themes panel — a scale's or choice's chart — beside its answer cards, newest first, and
   apart, those sent only to the facilitator: "to you"), and answers arriving live, batched
   into a few renders a second. A private answer is a marker: counted, never a card. */
import * as F from "../common.js";
import { chartPanel, isChart } from "./chart.js";
import { updateClamp, watchClamp } from "./clamp.js";
import { moderationParts, updateCard, updateCards } from "./moderation.js";
import { progressLine, renderProgress } from "./progress.js";
import { setText } from "./dom.js";
import { answersFor, root, state, ui } from "./state.js";
import { panelFor, renderThemes, themesPanel } from "./themes.js";

function answerCard(answer) {
  const parts = moderationParts(answer);
  const card = F.el("li", {
    className: answer.share === "facilitator" ? "answer-card is-to-you" : "answer-card",
    dataset: { answerId: answer.id, questionId: answer.question_id },
  }, [
    parts.flag,
    F.el("p", { className: "answer-text", text: answer.text, attrs: { id: `answer-${answer.id}-text` } }),
    F.el("div", { className: "answer-foot" }, [
      answer.share === "facilitator" ? F.el("span", { className: "to-you-tag", text: "to you" }) : null,
      F.el("button", { className: "answer-more", text: "Read all", attrs: { type: "button", "aria-expanded": "false", hidden: true } }),
      parts.actions,
    ]),
    parts.error,
  ]);
  watchClamp(card);
  updateCard(card);
  return card;
}

/** A question's block; `tabbed` when it is one of the step's tabs (else labelled by its prompt). */
export function questionBlock(q, tabbed) {
  const answers = answersFor(q.id, "group");
  const headingId = `q-${q.id}`;
  const answersId = `answers-${q.id}`;
  const list = F.el("ol", {
    className: "answer-list",
    attrs: { "aria-labelledby": `${answersId} ${headingId}` },
    dataset: { answersFor: q.id },
  }, answers.map(answerCard));
  const toYou = answersFor(q.id, "facilitator");
  const toYouTitle = `to-you-${q.id}`;
  const toYouBlock = F.el("section", { className: "to-you", attrs: { "aria-labelledby": toYouTitle, hidden: toYou.length === 0 }, dataset: { toYouBlock: q.id } }, [
    F.el("h4", { className: "to-you-title", attrs: { id: toYouTitle } }, [
      document.createTextNode("Sent only to you"),
      F.el("span", { className: "to-you-count", text: ` · ${toYou.length}` }),
    ]),
    F.el("p", { className: "to-you-note", text: "Never on the projector, in the themes or in the report." }),
    F.el("ol", { className: "answer-list to-you-list", attrs: { "aria-labelledby": toYouTitle }, dataset: { toYouFor: q.id } }, toYou.map(answerCard)),
  ]);
  const labels = tabbed
    ? { id: `panel-${q.id}`, role: "tabpanel", "aria-labelledby": `tab-${q.id}` }
    : { id: `panel-${q.id}`, "aria-labelledby": headingId };
  return F.el("section", { className: "question-block", attrs: labels, dataset: { questionId: q.id } }, [
    F.el("div", { className: "question-head" }, [
      F.el("h3", { text: q.prompt, attrs: { id: headingId } }),
      tabbed ? null : progressLine(q.id, true), // else its tab shows it
    ]),
    F.el("div", { className: "question-body" }, [
      isChart(q) ? chartPanel(q) : themesPanel(q),
      F.el("div", { className: "question-answers" }, [
        F.el("h4", { className: "answers-title", attrs: { id: answersId } }, [
          document.createTextNode("Answers"),
          F.el("span", { className: "answers-order", text: " · newest first" }),
        ]),
        list,
        F.el("p", { className: "no-answers", text: "No answers yet.", attrs: { hidden: answers.length > 0 } }),
        toYouBlock,
      ]),
    ]),
  ]);
}

/* A room answering at once sends many `answers` batches a second: they are queued and
   applied together at most every ANSWER_FLUSH_MS, so the page re-renders a few times a
   second however big the room is. Every answer is kept. data-answer-renders counts the
   renders, for the tests. */
const ANSWER_FLUSH_MS = 200;
const queuedAnswers = [];
let answerFlush = null;
let answerRenders = 0;

export function queueAnswer(event) {
  queuedAnswers.push(event);
  if (answerFlush === null) answerFlush = setTimeout(flushAnswers, ANSWER_FLUSH_MS);
}

function flushAnswers() {
  answerFlush = null;
  const questions = new Set();
  for (const event of queuedAnswers.splice(0)) {
    addAnswer(event);
    if (event && typeof event.question_id === "string") questions.add(event.question_id);
  }
  renderProgress(); // new answers, and revised ones: a level changed changes the counts
  for (const qid of questions) renderThemes(qid); // its note follows the answer count
  updateCards(); // a hidden answer may have been the spotlit one
  root.dataset.answerRenders = String(++answerRenders);
}

const SHARES = ["private", "facilitator", "group"];
const shareOf = (event) => (SHARES.includes(event.share) ? event.share : "group");

/** Where an answer's card goes: the room's list, the "to you" list, or none (private). */
function listFor(qid, share) {
  if (share === "private") return null;
  const key = CSS.escape(String(qid));
  return ui.questions.querySelector(share === "facilitator" ? `ol[data-to-you-for="${key}"]` : `ol[data-answers-for="${key}"]`);
}

/** The question's "No answers yet." and its "to you" block follow what its lists hold. */
function updateLists(qid) {
  const block = ui.questions.querySelector(`.question-block[data-question-id="${CSS.escape(String(qid))}"]`);
  if (!block) return;
  block.querySelector(".no-answers").hidden = block.querySelector("ol[data-answers-for] li") !== null;
  const toYou = block.querySelector(".to-you");
  const n = toYou.querySelectorAll("li.answer-card").length;
  toYou.hidden = n === 0;
  setText(toYou.querySelector(".to-you-count"), ` · ${n}`);
}

/** Show one answer (new or revised, or at another level). */
function addAnswer(event) {
  if (!event || typeof event !== "object" || event.id === undefined) return false;
  const previous = state.answers.get(event.id);
  const text = String(event.text ?? "");
  const hidden = Boolean(event.hidden);
  const share = shareOf(event);
  const list = listFor(event.question_id, share);
  if (previous && previous.text === text && previous.share === share) {
    // Hidden or unhidden (or the same text again): the card changes in place, keeping its place.
    previous.hidden = hidden;
    if (hidden && state.spotlight === previous.id) state.spotlight = null; // hiding takes it down
    const card = list && list.querySelector(`li[data-answer-id="${CSS.escape(String(previous.id))}"]`);
    if (card) updateCard(card);
    return;
  }
  state.seq += 1;
  const answer = { id: event.id, question_id: event.question_id, text, at: event.at, seq: state.seq, hidden, share };
  state.answers.set(event.id, answer);

  // At another level now: its card leaves the list it was in (taken back to private: every list).
  const placed = ui.questions.querySelector(`li.answer-card[data-answer-id="${CSS.escape(String(answer.id))}"]`);
  if (placed && placed.parentElement !== list) placed.remove();
  if (list) {
    let card = list.querySelector(`li[data-answer-id="${CSS.escape(String(answer.id))}"]`);
    if (card) {
      card.querySelector(".answer-text").textContent = answer.text; // a revision replaces the text
      const panel = panelFor(answer.question_id);
      if (panel) {
        for (const node of panel.querySelectorAll(`li.theme-answer[data-answer-id="${CSS.escape(String(answer.id))}"] .theme-answer-text`)) {
          node.textContent = answer.text;
        }
      }
      updateCard(card);
      card.classList.remove("is-fresh");
      void card.offsetWidth; // restart the highlight animation (a new card starts it anyway)
    } else {
      card = answerCard(answer);
    }
    card.classList.toggle("is-to-you", share === "facilitator");
    card.classList.add("is-fresh");
    list.prepend(card); // newest (or newly revised) first
    updateClamp(card);
  }
  updateLists(answer.question_id);
}

export function loadAnswers(answers) {
  state.answers.clear();
  state.seq = 0;
  const sorted = (Array.isArray(answers) ? answers : [])
    .slice()
    .sort((a, b) => (a.at === b.at ? a.id - b.id : a.at < b.at ? -1 : 1));
  for (const a of sorted) {
    state.seq += 1;
    state.answers.set(a.id, { id: a.id, question_id: a.question_id, text: String(a.text ?? ""), at: a.at, seq: state.seq, hidden: Boolean(a.hidden), share: shareOf(a) });
  }
}

/** Apply the queued answers now (before a step change or a themes push that names them). */
export function flushQueuedAnswers() {
  if (queuedAnswers.length) flushAnswers();
}
