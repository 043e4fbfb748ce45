/* Ending the session: End asks first, in the page (a modal <dialog>: focus starts on Cancel,
   Escape cancels, focus returns to End), saying how many answers phones are still writing;
   then `end` over the socket, else the plain form post. And the ended state (banner, no
   more step changes). */
import * as F from "../common.js";
import { writingTotal } from "./progress.js";
import { root, setMessage, state, ui } from "./state.js";
import { renderStepList, updateControls } from "./steps.js";

export function setEnded() {
  state.ended = true;
  root.dataset.status = "ended";
  ui.endedBanner.hidden = false;
  if (ui.endForm) ui.endForm.hidden = true;
  if (ui.endDialog && ui.endDialog.open) ui.endDialog.close("ended");
  renderStepList();
  updateControls();
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

function endNow() {
  const socketReady = state.socket && state.socket.connected && state.hosted;
  ui.endDialog.close("end");
  if (!socketReady) {
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

if (ui.endForm && ui.endDialog) {
  ui.endForm.addEventListener("submit", (event) => {
    event.preventDefault();
    if (state.ended) return;
    updateEndDialog();
    ui.endDialog.returnValue = ""; // Escape leaves it as it was
    ui.endDialog.showModal(); // Cancel has autofocus: a stray Enter ends nothing
    ui.endCancel.focus();
  });
  ui.endCancel.addEventListener("click", () => ui.endDialog.close("cancel"));
  ui.endConfirm.addEventListener("click", endNow);
  // Escape fires `cancel` and closes the dialog; every way out but ending returns to End.
  ui.endDialog.addEventListener("close", () => {
    if (!state.ended && ui.endDialog.returnValue !== "end") ui.endButton.focus();
  });
}
