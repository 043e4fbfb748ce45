/* The "Show join screen" toggle: puts the big join screen (code, link, QR) on the projector
   for latecomers, and takes it off. Several screens may host one session, so the toggle
   follows the server's `join` pushes rather than only its own clicks. */
import * as F from "../common.js";
import { setEnded } from "./ending.js";
import { setMessage, state, ui } from "./state.js";

export function setJoinShown(shown) {
  state.joinShown = Boolean(shown);
  updateJoinToggle();
}

export function updateJoinToggle() {
  if (!ui.showJoin) return;
  ui.showJoin.setAttribute("aria-pressed", String(state.joinShown));
  ui.showJoin.disabled = !state.hosted || state.ended;
  ui.showJoin.hidden = state.ended; // the projector shows its closing screen then
}

if (ui.showJoin) {
  ui.showJoin.addEventListener("click", () => {
    if (!state.hosted || state.ended) return;
    const shown = !state.joinShown;
    ui.showJoin.disabled = true;
    F.request(state.socket, "show_join", { shown }).then((ack) => {
      if (ack.ok) {
        setMessage("");
        state.joinShown = shown;
      } else {
        if (F.errorCode(ack) === "session_ended") setEnded();
        setMessage(`Could not ${shown ? "show" : "hide"} the join screen: ${F.errorMessage(ack)}`);
      }
      updateJoinToggle();
    });
  });
}
