/* The outbox: sending answers with nothing lost and nothing doubled. An answer goes into
   state.pending (mirrored in localStorage) before it goes on the wire, and leaves only on
   an ok ack or a permanent error (shown at its field). A timeout or a busy room resends it
   later with the same client_id, which the server stores once; an outbox saved before a
   reload is restored here and sent on the next join. Answers of every kind go the same
   way: an entry holds the answer's key, kind (phone/kinds.js) and sharing level, and goes
   on the wire as `text`, a scale's `value` or a choice's `choices` — except a private one,
   which goes as a marker with none of them: its text never leaves the phone. */
import * as F from "../common.js";
import { showError } from "./answer-form.js";
import { trimmed } from "./answers.js";
import { emptyMessage, wireFields } from "./kinds.js";

/** deps: store, answers (phone/answers.js), closed, live(), maxAnswer, maxClientId, saveSheet();
    and what the page does about an ack: showConnection, join, endSession, lockChanged,
    renderUnsent(prune), checkSendingOn. */
export function outbox(state, deps) {
  const { store, answers, closed, live, maxAnswer } = deps;

  /** The outbox saved before a reload: pending again, and its texts back in the boxes. */
  function restore() {
    for (const [qid, item] of store.outbox(deps.maxClientId)) {
      const entry = { text: item.text, id: item.id, kind: item.kind, share: item.share };
      state.pending.set(qid, entry);
      state.lastClient.set(qid, entry);
      if (!trimmed(state.drafts.get(qid))) state.drafts.set(qid, item.text);
      if (item.prompt !== undefined && !state.known.has(qid)) {
        const question = item.question || { id: qid, kind: item.kind, prompt: item.prompt };
        state.known.set(qid, { prompt: item.prompt, stepTitle: item.stepTitle || "an earlier step", stepIndex: -1, question });
      }
    }
  }

  function save() {
    store.setOutbox(state.pending, (qid) => state.known.get(qid));
  }

  function enqueue(qid, item) {
    state.pending.set(qid, item);
    save();
  }

  /** Take `item` out of the outbox, unless a newer text has replaced it meanwhile. */
  function dequeue(qid, item) {
    if (state.pending.get(qid) !== item) return;
    state.pending.delete(qid);
    save();
  }

  function clearRetry(qid) {
    const retry = state.retries.get(qid);
    if (retry) window.clearTimeout(retry.timer);
    state.retries.delete(qid);
  }

  function clearRetries() {
    for (const qid of Array.from(state.retries.keys())) clearRetry(qid);
  }

  function retryLater(qid, ms, message) {
    clearRetry(qid);
    const timer = window.setTimeout(() => {
      state.retries.delete(qid);
      flush(qid);
    }, ms);
    state.retries.set(qid, { timer, text: message });
  }

  /** Queue the box's text and send it; false (with the error at the field) if it cannot go. */
  function send(qid, { scroll = true } = {}) {
    if (state.ended) return false;
    if (answers.isClosed(qid)) {
      answers.refresh(qid); // its button is disabled; a late tap (or Enter) changes nothing
      return false;
    }
    const value = trimmed(answers.currentText(qid));
    const kind = answers.kindOf(qid);
    state.notes.delete(qid);
    let error = null;
    if (!value) error = emptyMessage(answers.questionOf(qid));
    else if (kind === "text" && value.length > maxAnswer) error = `Answers are limited to ${maxAnswer} characters; this one has ${value.length}.`;
    if (error) {
      state.notes.set(qid, { text: error, state: "error" });
      answers.refresh(qid);
      if (scroll && state.forms.has(qid)) showError(state.forms.get(qid));
      return false;
    }
    const share = answers.shareOf(qid);
    if (!state.pending.has(qid) && answers.storedText(qid) === value) {
      answers.refresh(qid); // already stored: nothing to send
      return true;
    }
    let client = state.lastClient.get(qid);
    if (!client || client.text !== value || client.kind !== kind || client.share !== share) {
      client = { text: value, id: F.uuid(), kind, share }; // a new answer gets a new client_id; a retry keeps it
      state.lastClient.set(qid, client);
    }
    enqueue(qid, client); // in localStorage before it goes on the wire
    clearRetry(qid);
    answers.refresh(qid);
    flush(qid);
    return true;
  }

  function flushAll() {
    for (const qid of Array.from(state.pending.keys())) flush(qid);
  }

  /** Send the outbox entry for `qid` if we are in the room; otherwise it waits for the next join. */
  function flush(qid) {
    const item = state.pending.get(qid);
    if (!item || state.inflight.has(qid) || state.retries.has(qid) || state.ended) return;
    if (!live()) {
      answers.refresh(qid); // shown as saved on this phone; joined() sends it
      return;
    }
    state.inflight.add(qid);
    answers.refresh(qid);
    const share = item.share || "group";
    // A private answer: the marker only. Its text stays here, in the box and the take-home.
    const fields = share === "private" ? {} : wireFields(item.kind || answers.kindOf(qid), item.text);
    F.request(state.socket, "answer", { question_id: qid, ...fields, share, client_id: item.id }).then((ack) => {
      state.inflight.delete(qid);
      if (ack.ok) {
        state.sent.set(qid, item.text);
        state.sentShares.set(qid, typeof ack.share === "string" ? ack.share : share);
        state.missingPrivate.delete(qid);
        state.notes.delete(qid);
        dequeue(qid, item);
        if (trimmed(state.drafts.get(qid)) === item.text) store.removeDraft(qid);
        deps.saveSheet();
      } else {
        const codeName = F.errorCode(ack);
        if (codeName === "timeout") {
          // No ack: the answer may or may not be stored. It stays in the outbox and is resent with the
          // same client_id (stored once): soon if the socket is still up, else on the next join.
          if (live()) retryLater(qid, 3000, "Not sent yet: the connection is slow. It will retry by itself.");
        } else if (F.retryable(ack)) {
          // Retryable: the answer stays in the outbox; a jittered wait spreads the room's resends.
          retryLater(qid, 3000 + Math.floor(Math.random() * 3000), "The room is busy: it will send by itself in a moment.");
        } else if (codeName === "not_joined") {
          state.joined = false;
          deps.showConnection();
          deps.join(); // joined() resends the outbox
        } else if (codeName === "session_ended") {
          deps.endSession(); // empties the outbox and marks this answer as not sent
        } else if (codeName === "locked") {
          // The step closed before it arrived: the text stays in the box (and the take-home),
          // not in the outbox: reopening lets the person send it again, by their choice.
          if (state.pending.get(qid) === item) dequeue(qid, item);
          closed.refuse(qid, answers.stepOf(qid));
          deps.lockChanged();
        } else if (state.pending.get(qid) === item) {
          // Refused for good (too long, bad request, server fault): shown; the text stays in the box.
          dequeue(qid, item);
          state.notes.set(qid, { text: F.errorMessage(ack), state: "error" });
        }
      }
      if (state.pending.get(qid) !== item) flush(qid); // a newer text was queued meanwhile
      answers.refresh(qid);
      deps.renderUnsent(false);
      deps.checkSendingOn();
    });
  }

  return { restore, save, clearRetry, clearRetries, send, flush, flushAll };
}
