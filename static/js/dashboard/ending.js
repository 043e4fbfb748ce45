/* Ending the session: End asks first, in the page (a modal <dialog>: focus starts on Cancel,
   Escape cancels, focus returns to End), saying how many answers phones are still writing,
   and offers "End now" and "End in 30 s" (phones count down to send what they have; every
   host screen gets `closing` and shows "Ends in 0:27" by End). Then `end` over the socket,
   else the plain form post (which ends now). And the ended state (banner, no more controls). */
import * as F from "../common.js";
import { clock, countdown, everySecond } from "../countdown.js";
import { setText } from "./dom.js";
import { writingTotal } from "./progress.js";
import { root, setMessage, state, ui } from "./state.js";
import { renderStepList, updateControls } from "./steps.js";

export function setEnded() {
  state.ended = true;
  state.closing = null;
  root.dataset.status = "ended";
  ui.endedBanner.hidden = false;
  if (ui.endForm) ui.endForm.hidden = true;
  ui.barControls.hidden = true; // nothing left to run: the bar's second row goes
  if (ui.endDialog && ui.endDialog.open) ui.endDialog.close("ended");
  renderClosing();
  renderStepList();
  updateControls();
}

let stopClosing = () => {};

/** `closing {ends_at, now}` (push or host state); null when the session is not closing. */
export function setClosing(data) {
  stopClosing();
  state.closing = data && typeof data === "object" ? countdown(data.ends_at, data.now) : null;
  if (state.closing) stopClosing = everySecond(state.closing, renderClosing);
  else renderClosing();
}

function renderClosing() {
  const left = state.closing && !state.ended ? Math.ceil(state.closing() / 1000) : null;
  ui.closingStatus.hidden = left === null;
  if (left !== null) setText(ui.closingTime, clock(left));
  // Already closing: the question is only whether to end sooner.
  if (ui.endGrace) ui.endGrace.hidden = left !== null;
  if (ui.endTitle) setText(ui.endTitle, left !== null ? "End the session now?" : "End the session for everyone?");
  if (ui.endGraceText) {
    setText(ui.endGraceText, left !== null
      ? `It ends by itself in ${clock(left)}: phones are sending what they have.`
      : "“End in 30 s” gives phones a countdown to send what they have.");
  }
}

/** The dialog's line about unsent answers, kept current while it is open. */
export function updateEndDialog() {
  if (!ui.endWriting) return;
  const n = writingTotal();
  ui.endWriting.classList.toggle("is-warning", n > 0);
  const text = n === 0
    ? "Nobody is writing an answer right now."
    : `${F.plural(n, "answer is", "answers are")} still being written on phones and will not be sent.`;
  if (ui.endWriting.textContent !== text) ui.endWriting.textContent = text;
}

function socketReady() {
  return Boolean(state.socket && state.socket.connected && state.hosted);
}

function endNow() {
  const ready = socketReady();
  ui.endDialog.close("end");
  if (!ready) {
    ui.endForm.submit(); // no live connection: the form posts the old-fashioned way
    return;
  }
  ui.endButton.disabled = true;
  F.request(state.socket, "end", {}).then((ack) => {
    ui.endButton.disabled = false;
    if (ack.ok || F.errorCode(ack) === "session_ended") {
      setMessage("");
      setEnded();
    } else if (F.errorCode(ack) === "timeout") {
      ui.endForm.submit(); // fall back to the form
    } else {
      setMessage(`Could not end the session: ${F.errorMessage(ack)}`);
      ui.endButton.focus();
    }
  });
}

/** End after a grace period: asked of the server; the `closing` push starts the countdown. */
function endLater() {
  const seconds = Number(ui.endGrace.dataset.seconds);
  if (!socketReady()) {
    ui.endError.textContent = "Not connected right now, so phones cannot be given a countdown. Try again in a moment, or End now.";
    return;
  }
  ui.endGrace.disabled = true;
  F.request(state.socket, "end", { after_seconds: seconds }).then((ack) => {
    ui.endGrace.disabled = false;
    if (ack.ok) {
      setMessage("");
      if (ack.closing) setClosing(ack.closing);
      ui.endDialog.close("later"); // focus back on End: it still ends sooner
    } else if (F.errorCode(ack) === "session_ended") {
      setEnded();
    } else {
      ui.endError.textContent = `Could not end in ${seconds} s: ${F.errorMessage(ack)}`;
    }
  });
}

/** Open the End question (the End button, or the shortcut E). */
export function askToEnd() {
  if (state.ended || !ui.endDialog || ui.endDialog.open) return;
  updateEndDialog();
  renderClosing();
  ui.endError.textContent = "";
  ui.endDialog.returnValue = ""; // Escape leaves it as it was
  ui.endDialog.showModal(); // Cancel has autofocus: a stray Enter ends nothing
  ui.endCancel.focus();
}

if (ui.endForm && ui.endDialog) {
  ui.endForm.addEventListener("submit", (event) => {
    event.preventDefault();
    askToEnd();
  });
  ui.endCancel.addEventListener("click", () => ui.endDialog.close("cancel"));
  ui.endConfirm.addEventListener("click", endNow);
  ui.endGrace.addEventListener("click", endLater);
  // Escape fires `cancel` and closes the dialog; every way out but ending returns to End.
  ui.endDialog.addEventListener("close", () => {
    if (!state.ended && ui.endDialog.returnValue !== "end") ui.endButton.focus();
  });
}
