/* One question in focus at a time: a step's questions as tabs, each with how far the room
   has got, and only the chosen question's answers and themes shown below them. The step
   remembers its question while the facilitator goes elsewhere and back. */
import * as F from "../common.js";
import { progressLine, renderProgress } from "./progress.js";
import { state, ui } from "./state.js";

function tab(q, i, count) {
  return F.el("button", {
    className: "qtab",
    attrs: { type: "button", role: "tab", id: `tab-${q.id}`, "aria-controls": `panel-${q.id}`, "aria-selected": "false", tabindex: "-1" },
    dataset: { questionId: q.id },
  }, [
    F.el("span", { className: "qtab-number" }, [
      F.el("span", { className: "visually-hidden", text: "Question " }),
      document.createTextNode(String(i + 1)),
      F.el("span", { className: "visually-hidden", text: ` of ${count}: ` }),
    ]),
    F.el("span", { className: "qtab-prompt", text: q.prompt }),
    progressLine(q.id, true),
  ]);
}

/** The tabs of the current step (none for a step with fewer than two questions). */
export function renderTabs() {
  const questions = state.step ? state.step.questions : [];
  const hadFocus = ui.tabs.contains(document.activeElement); // the keyboard stays on the tabs
  ui.tabs.hidden = questions.length < 2;
  ui.tabs.replaceChildren(...(questions.length < 2 ? [] : questions.map((q, i) => tab(q, i, questions.length))));
  const remembered = state.focused.get(state.step.index);
  const first = questions.length ? questions[0].id : null;
  selectQuestion(questions.some((q) => q.id === remembered) ? remembered : first, hadFocus);
}

export function focusedQuestion() {
  return state.step ? state.focused.get(state.step.index) || null : null;
}

/** Show one question's block; with moveFocus, put the keyboard on its tab. */
export function selectQuestion(qid, moveFocus = false) {
  if (!state.step || qid === null) return;
  state.focused.set(state.step.index, qid);
  const tabbed = !ui.tabs.hidden;
  for (const button of ui.tabs.querySelectorAll("[role=tab]")) {
    const on = button.dataset.questionId === qid;
    button.setAttribute("aria-selected", String(on));
    button.tabIndex = on ? 0 : -1;
    if (on && moveFocus) button.focus();
  }
  for (const block of ui.questions.querySelectorAll(".question-block")) {
    block.hidden = tabbed && block.dataset.questionId !== qid;
  }
  renderProgress();
}

ui.tabs.addEventListener("click", (event) => {
  const button = event.target.closest("[role=tab]");
  if (button) selectQuestion(button.dataset.questionId);
});

// Arrow keys, Home and End move between the tabs (the keys are then not a step change).
ui.tabs.addEventListener("keydown", (event) => {
  const tabs = Array.from(ui.tabs.querySelectorAll("[role=tab]"));
  const at = tabs.indexOf(event.target.closest("[role=tab]"));
  if (at < 0 || event.altKey || event.ctrlKey || event.metaKey) return;
  const to = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
  if (to === undefined) return;
  event.preventDefault();
  selectQuestion(tabs[(to + tabs.length) % tabs.length].dataset.questionId, true);
});
