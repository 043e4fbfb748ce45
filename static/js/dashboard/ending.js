/* Ending the session: the End button (over the socket, else the plain form post) and the
   ended state (banner, no more step changes). */
import * as F from "../common.js";
import { root, setMessage, state, ui } from "./state.js";
import { renderStepList, updateControls } from "./steps.js";

export function setEnded() {
  state.ended = true;
  root.dataset.status = "ended";
  ui.endedBanner.hidden = false;
  if (ui.endForm) ui.endForm.hidden = true;
  renderStepList();
  updateControls();
}

if (ui.endForm) {
  ui.endForm.addEventListener("submit", (event) => {
    const socketReady = state.socket && state.socket.connected && state.hosted;
    if (!window.confirm("End this session for everyone? Phones will no longer be able to send answers.")) {
      event.preventDefault();
      return;
    }
    if (!socketReady) return; // no live connection: the form posts the old-fashioned way
    event.preventDefault();
    const button = ui.endForm.querySelector("button");
    button.disabled = true;
    F.request(state.socket, "end", {}).then((ack) => {
      button.disabled = false;
      if (ack.ok || F.errorCode(ack) === "session_ended") {
        setMessage("");
        setEnded();
      } else if (F.errorCode(ack) === "timeout") {
        ui.endForm.submit(); // fall back to the form
      } else {
        setMessage(`Could not end the session: ${F.errorMessage(ack)}`);
      }
    });
  });
}
