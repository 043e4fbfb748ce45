/* Closing a step's answers: the bar's "Close step" (it reads "Reopen" on a closed step), an
   "Answers closed" tag by the step's title, and "Closed" on the step in the steps menu. The
   closed steps come from the server (`locked` pushes, the host ack, a step's `locked`), so
   a timer that closes the step at zero, or another dashboard, shows here too. */
import { setText } from "./dom.js";
import { send } from "./send.js";
import { setMessage, state, ui } from "./state.js";
import { renderStepList } from "./steps.js";

/** The indices of the closed steps (host ack `locked`, `locked` push `steps`, lock ack `locked`). */
export function setLocked(indices) {
  if (!Array.isArray(indices)) return;
  state.locked = new Set(indices.filter(Number.isInteger));
  renderLock();
  renderStepList();
}

/** A STEP says whether it is closed: keep the set in line with it (true when that changed it). */
export function noteStepLock(step) {
  if (!step || typeof step.locked !== "boolean" || !Number.isInteger(step.index)) return false;
  if (step.locked === state.locked.has(step.index)) return false;
  if (step.locked) state.locked.add(step.index);
  else state.locked.delete(step.index);
  return true;
}

export function currentLocked() {
  return Boolean(state.step && state.locked.has(state.step.index));
}

export function renderLock() {
  const closed = currentLocked();
  const hasQuestions = Boolean(state.step && state.step.questions.length);
  setText(ui.lockStep, closed ? "Reopen" : "Close step");
  ui.lockStep.classList.toggle("is-closed", closed);
  ui.lockStep.hidden = state.ended;
  ui.lockStep.disabled = !state.hosted || state.ended || !state.step || (!hasQuestions && !closed);
  ui.lockStep.title = hasQuestions || closed ? "" : "This step has no questions to close.";
  ui.stepClosed.hidden = !closed || state.ended;
}

export async function toggleLock() {
  if (!state.step || ui.lockStep.disabled) return;
  const locked = !currentLocked();
  ui.lockStep.disabled = true;
  const ack = await send("lock", { index: state.step.index, locked });
  if (ack.ok) {
    setMessage("");
    if (Array.isArray(ack.locked)) setLocked(ack.locked);
  } else {
    setMessage(`Could not ${locked ? "close" : "reopen"} the step: ${ack.error && ack.error.message ? ack.error.message : "please try again."}`);
  }
  renderLock();
}

ui.lockStep.addEventListener("click", toggleLock);
