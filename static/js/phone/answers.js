/* Each answer's state, read from the page's `state` (what is in the box, what the server
   stored, the outbox, notes, closed steps, the end), and what its form shows for it: the
   feedback line and the button. Also the drafts, so a box's text survives a reload.
   One place decides what "Sent ✓", "Saved on this phone", "Changed — not sent yet" mean.
   Every kind's answer is one string here, its key (phone/kinds.js): a scale's point or a
   choice's options as much as a text. */
import { paint } from "./answer-form.js";
import { keyText, kindOf } from "./kinds.js";
import { defaultShare } from "./share-choice.js";

export const trimmed = (text) => String(text || "").trim();

/** deps: store (phone/store.js), closed (phone/closed.js), live() (in the room),
    browserOffline(), maxAnswer. */
export function answerStates(state, { store, closed, live, browserOffline, maxAnswer }) {
  function currentText(qid) {
    const form = state.forms.get(qid);
    if (form) return form.read();
    if (state.drafts.has(qid)) return state.drafts.get(qid);
    return state.sent.get(qid) || "";
  }

  /** The question's payload as this phone saw it ({id, prompt} at least), and its kind. */
  const questionOf = (qid) => (state.known.has(qid) && state.known.get(qid).question) || { id: qid, prompt: "" };
  const kindOfQuestion = (qid) => kindOf(questionOf(qid));

  /** Who the person wants to see this answer now: their choice, else the question's default. */
  const shareOf = (qid) => state.shares.get(qid) || defaultShare(questionOf(qid));

  /** The answer as the server acknowledged it, in this phone's terms (a private one's text is
      kept here: the server has only its marker); null when it was acknowledged at another
      level than the one chosen now (so the change is still to be sent), undefined if never. */
  function storedText(qid) {
    if (!state.sent.has(qid)) return undefined;
    return (state.sentShares.get(qid) || "group") === shareOf(qid) ? state.sent.get(qid) : null;
  }

  /** Text in the box that the server does not have and that is not on its way there (the outbox). */
  function unsentText(qid) {
    const value = trimmed(currentText(qid));
    const queued = state.pending.get(qid);
    return Boolean(value) && value !== storedText(qid) && !(queued && queued.text === value && queued.share === shareOf(qid));
  }

  /** Text in the box that the server has not stored yet: unsent, or waiting in the outbox. */
  function notStored(qid) {
    const value = trimmed(currentText(qid));
    return Boolean(value) && (state.pending.has(qid) || value !== storedText(qid));
  }

  const stepOf = (qid) => (state.known.has(qid) ? state.known.get(qid).stepIndex : -1);

  /** The question's step takes no answers now (the facilitator closed it). */
  const isClosed = (qid) => closed.question(qid, stepOf(qid));

  function statusFor(qid) {
    const status = progressOf(qid);
    return status.state === "sent" && shareOf(qid) === "private" ? { ...status, text: "Kept on this phone ✓" } : status;
  }

  function progressOf(qid) {
    const value = trimmed(currentText(qid));
    const sent = storedText(qid);
    if (state.ended) {
      if (state.lost.has(qid)) return { text: "Not sent: the session had already ended.", state: "lost" };
      if (value && value !== sent) return { text: "Not sent — it is kept in your take-home file.", state: "lost" };
      return sent !== undefined && value === sent ? { text: "Sent ✓", state: "sent" } : { text: "", state: "" };
    }
    if (isClosed(qid)) {
      if (sent !== undefined && value === sent) return { text: "Sent ✓", state: "sent" };
      if (value) return { text: "Not sent: answers here are closed. It stays in your take-home file.", state: "closed" };
      return { text: "", state: "" };
    }
    const note = state.notes.get(qid);
    if (note) return note;
    const item = state.pending.get(qid);
    if (item) {
      if (value && (value !== item.text || item.share !== shareOf(qid))) return { text: "Changed — not sent yet.", state: "dirty" };
      if (state.inflight.has(qid)) return { text: "Sending…", state: "sending" };
      if (!live()) {
        return browserOffline()
          ? { text: "Offline — saved on this phone. It will send when you're back.", state: "queued" }
          : { text: "Saved on this phone — it will send when the connection is back.", state: "queued" };
      }
      const retry = state.retries.get(qid);
      return { text: retry ? retry.text : "Sending…", state: "sending" };
    }
    if (sent !== undefined && value === sent) return { text: "Sent ✓", state: "sent" };
    if (state.missingPrivate.has(qid) && !value) {
      return { text: "You kept this answer private on another visit; it is not stored anywhere else.", state: "" };
    }
    if (sent !== undefined) return { text: "Changed — not sent yet.", state: "dirty" };
    return { text: "", state: "" };
  }

  function refresh(qid) {
    const form = state.forms.get(qid);
    if (!form) return;
    const keep = shareOf(qid) === "private"; // kept on the phone: never "sent"
    paint(form, statusFor(qid), {
      label: keep ? "Keep" : state.sent.has(qid) ? "Update" : "Send",
      sentWord: keep ? "Kept ✓" : "Sent ✓",
      ended: state.ended,
      closed: isClosed(qid),
      maxAnswer,
    });
    if (form.share) {
      form.share.refresh(shareOf(qid));
      form.share.setDisabled(state.ended || isClosed(qid));
    }
  }

  function refreshAll() {
    for (const qid of state.forms.keys()) refresh(qid);
  }

  function saveDraft(qid, value) {
    state.drafts.set(qid, value);
    const sent = storedText(qid);
    if (!trimmed(value) || (sent !== undefined && trimmed(value) === sent)) store.removeDraft(qid);
    else store.setDraft(qid, value);
  }

  /** For the take-home: the answer in words (a text as written, a scale's point with its
      labels, a choice's options), whether it is exactly what was acknowledged, and its level. */
  function answerOf(qid) {
    const value = trimmed(currentText(qid));
    return { text: keyText(questionOf(qid), value), sent: value === storedText(qid), share: shareOf(qid) };
  }

  return {
    currentText, unsentText, notStored, questionOf, kindOf: kindOfQuestion, stepOf, isClosed, refresh, refreshAll,
    saveDraft, answerOf, shareOf, storedText,
  };
}
