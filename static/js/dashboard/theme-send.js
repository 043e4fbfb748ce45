/* Sending a theme edit, one way for every control: while a question's edit is in flight its
   edit buttons say so (aria-disabled, so a focused button keeps the focus) and a second press
   sends nothing; a refusal reads the same everywhere ("This login has ended" offers to log in
   again; a session that ended shows as ended). */
import * as F from "../common.js";
import { setEnded } from "./ending.js";
import { root, state, ui } from "./state.js";
import { historyKey, renderThemes } from "./themes.js";

export function editing(qid) {
  return state.editing.has(qid);
}

/** Show (or end) a button's "busy" state without taking the focus from it. */
export function markBusy(button, busy) {
  if (busy) button.setAttribute("aria-disabled", "true");
  else button.removeAttribute("aria-disabled");
}

/** Send one edit of question `qid`; resolves to the ack, or null (nothing sent) while
    another edit of the question is in flight. */
export async function sendEdit(qid, event, payload) {
  if (state.editing.has(qid)) return null;
  state.editing.add(qid);
  const before = historyKey(qid);
  renderThemes(qid);
  const ack = await F.request(state.socket, event, payload);
  state.editing.delete(qid);
  // Its push may come after the ack: that history change is this screen's, not another's.
  if (ack.ok && historyKey(qid) === before) state.ownPush.add(qid);
  renderThemes(qid);
  return ack;
}

/** Say why an edit was refused, in `where` (the page's message line unless given). */
export function editFailed(what, ack, where = ui.message) {
  const code = F.errorCode(ack);
  if (code === "session_ended") setEnded();
  const parts = [`Could not ${what}: ${F.errorMessage(ack)}`];
  // The socket's login ended (a logout elsewhere, a new password): only a new login helps.
  if (code === "forbidden" && root.dataset.loginUrl) {
    parts.push(" ", F.el("a", { text: "Log in again", attrs: { href: root.dataset.loginUrl } }));
  }
  where.replaceChildren(...parts);
}
