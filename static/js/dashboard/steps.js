/* The dashboard's steps: the steps menu in the bar, Back/Next, the arrow keys (and
   presentation clickers), and drawing the current step with its questions, its notes and
   its suggested minutes (the timer's default). */
import * as F from "../common.js";
import { questionBlock } from "./answers.js";
import { learnKinds, renderChart } from "./chart.js";
import { setEnded } from "./ending.js";
import { updateJoinToggle } from "./join-screen.js";
import { noteStepLock, renderLock } from "./lock.js";
import { updateCards } from "./moderation.js";
import { renderNotes } from "./notes.js";
import { peopleOn, renderPacing } from "./pacing.js";
import { renderTabs } from "./questions.js";
import { updateReveal } from "./reveal.js";
import { modalOpen, state, ui, setMessage } from "./state.js";
import { renderThemes } from "./themes.js";
import { renderTimer, suggestMinutes } from "./timer.js";

export function renderStepList() {
  const current = state.step ? state.step.index : -1;
  const existing = ui.stepList.querySelectorAll(".step-button");
  if (existing.length !== state.steps.length) {
    ui.stepList.replaceChildren(...state.steps.map((s) => F.el("li", {}, [
      F.el("button", { className: "step-button", attrs: { type: "button" }, dataset: { index: s.index } }, [
        F.el("span", { className: "step-number", text: `${s.index + 1}.` }),
        F.el("span", { className: "step-name", text: s.title }),
        F.el("span", { className: "step-tags" }),
      ]),
    ])));
  }
  // Update in place, so a focused step button keeps the keyboard focus.
  ui.stepList.querySelectorAll(".step-button").forEach((button, i) => {
    const s = state.steps[i];
    button.querySelector(".step-name").textContent = s.title;
    // Tags only when they say something: "Closed", and self-paced "12 here".
    const people = peopleOn(s.index);
    const tags = [
      state.locked.has(s.index) ? ["step-tag is-closed", "Closed"] : null,
      people ? ["step-tag is-people", `${people} here`] : null,
    ].filter(Boolean);
    const box = button.querySelector(".step-tags");
    const signature = JSON.stringify(tags);
    if (box.dataset.shown !== signature) {
      box.replaceChildren(...tags.map(([className, text]) => F.el("span", { className, text })));
      box.dataset.shown = signature;
    }
    if (s.index === current) button.setAttribute("aria-current", "step");
    else button.removeAttribute("aria-current");
    button.disabled = state.ended || !state.hosted;
  });
}

export function updateControls() {
  const index = state.step ? state.step.index : 0;
  const count = state.step ? state.step.count : 0;
  const locked = state.ended || !state.hosted || state.busy || !state.step;
  ui.prev.disabled = locked || index <= 0;
  ui.next.disabled = locked || index >= count - 1;
  for (const button of ui.stepList.querySelectorAll(".step-button")) {
    button.disabled = state.ended || !state.hosted;
  }
  updateJoinToggle();
  updateReveal();
  renderLock();
  renderTimer();
  renderPacing();
  updateCards();
}

function goto(index) {
  if (state.ended || !state.hosted || state.busy || !state.step) return;
  if (index < 0 || index >= state.step.count || index === state.step.index) return;
  state.busy = true;
  updateControls();
  F.request(state.socket, "goto", { index }).then((ack) => {
    state.busy = false;
    if (ack.ok) {
      setMessage("");
      showStep(ack.step);
    } else if (F.errorCode(ack) === "session_ended") {
      setEnded();
    } else {
      setMessage(`Could not change the step: ${F.errorMessage(ack)}`);
    }
    updateControls();
  });
}

ui.prev.addEventListener("click", () => state.step && goto(state.step.index - 1));
ui.next.addEventListener("click", () => state.step && goto(state.step.index + 1));
ui.stepList.addEventListener("click", (event) => {
  const button = event.target.closest(".step-button");
  if (!button || button.disabled) return;
  closeStepMenu(true);
  goto(Number(button.dataset.index));
});

function closeStepMenu(refocus) {
  if (!ui.stepMenu.open) return;
  ui.stepMenu.open = false;
  if (refocus) ui.stepMenu.querySelector("summary").focus();
}

// The steps menu closes with Escape, and when the facilitator clicks or tabs elsewhere.
ui.stepMenu.addEventListener("keydown", (event) => {
  if (event.key !== "Escape" || !ui.stepMenu.open) return;
  event.preventDefault();
  closeStepMenu(true);
});
document.addEventListener("click", (event) => {
  if (!ui.stepMenu.contains(event.target)) closeStepMenu(false);
});
ui.stepMenu.addEventListener("focusout", (event) => {
  if (event.relatedTarget && !ui.stepMenu.contains(event.relatedTarget)) closeStepMenu(false);
});

// Arrow keys, Page Up/Down (what presentation clickers send) move between steps.
document.addEventListener("keydown", (event) => {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
  const target = event.target;
  if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
  if (!state.step || modalOpen()) return; // not behind the End question or the shortcuts
  if (target && target.closest && target.closest(".bar-menu[open]")) return; // the timer's menu has the keyboard
  if (event.key === "ArrowRight" || event.key === "PageDown") {
    event.preventDefault();
    goto(state.step.index + 1);
  } else if (event.key === "ArrowLeft" || event.key === "PageUp") {
    event.preventDefault();
    goto(state.step.index - 1);
  }
});

export function showStep(step) {
  if (!step || typeof step !== "object") return;
  if (noteStepLock(step)) renderStepList(); // a STEP says whether it is closed
  const changed = !state.step || state.step.index !== step.index;
  if (!changed) {
    // The same step again (our own goto's ack and its broadcast): nothing to redraw.
    updateControls();
    return;
  }
  if (state.step && state.step.questions.length) state.guidanceOpen = ui.guidanceBox.open;
  state.step = { ...step, questions: Array.isArray(step.questions) ? step.questions : [] };
  const questions = state.step.questions;

  ui.progress.textContent = `Step ${step.index + 1} of ${step.count}`;
  ui.stepTitle.textContent = step.title;
  const paragraphs = F.paragraphs(ui.guidance, step.guidance);
  ui.guidanceBox.hidden = paragraphs === 0;
  // Steps without questions (Purpose, Conclusion) show their text; otherwise answers get the room.
  ui.guidanceBox.open = questions.length === 0 || state.guidanceOpen;
  ui.readAlong.hidden = questions.length > 0;
  for (const q of questions) state.prompts.set(q.id, q.prompt);
  learnKinds([state.step]);
  const listed = state.steps.find((s) => s.index === step.index) || {};
  renderNotes(listed.notes, listed.minutes);
  suggestMinutes(listed.minutes);
  ui.questions.replaceChildren(...questions.map((q) => questionBlock(q, questions.length > 1)));
  renderTabs();
  for (const q of questions) {
    renderThemes(q.id);
    renderChart(q.id);
  }
  renderStepList();
  updateControls();
}
