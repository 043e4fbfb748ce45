/* Sending a room control (timer, lock, hide, spotlight, pacing, end): only while this screen
   hosts the live session; a refusal because the session has ended shows the ended state. The
   result is shown from the server's pushes (every host screen gets them), the ack only
   carries errors to show where the facilitator acted. */
import * as F from "../common.js";
import { setEnded } from "./ending.js";
import { state } from "./state.js";

export async function send(name, payload) {
  if (!state.socket || !state.hosted) {
    return { ok: false, error: { code: "not_hosting", message: "Not connected to the session right now; try again in a moment." } };
  }
  const ack = await F.request(state.socket, name, payload);
  if (!ack.ok && F.errorCode(ack) === "session_ended") setEnded();
  return ack;
}

/** A short error line that clears itself (or when the next one comes). */
export function showError(node, text, ms = 10000) {
  if (!node) return;
  node.textContent = text || "";
  window.clearTimeout(Number(node.dataset.timer || 0));
  if (text) node.dataset.timer = String(window.setTimeout(() => { node.textContent = ""; }, ms));
}
