/* How the phone goes from step to step. When the facilitator moves on, a step never
   disappears under unsent text: the moved-on banner asks to send it now or keep it for
   later. Closed steps can end that question; in self pacing the phone's own Back/Next
   (`view`) moves it, and a move of the person's own skips the banner. */
import * as F from "../common.js";
import { showError } from "./answer-form.js";
import { validStep } from "./sheet.js";

const SEND_WAIT_MS = 6000; // "Send it now" waits this long for the acks before showing the new step

/** parts: banner, view (phone/step-view.js), answers, send(qid, opts), closed, closedHere,
    nav, noteReached(index), live(), announce; ui: the page's elements (the step's title). */
export function stepMoves(state, ui, parts) {
  const { banner, view, answers, closed, closedHere, nav, announce } = parts;

  /** Questions of the step on screen whose text the server does not have and could still take. */
  const unsentHere = () => (state.step ? state.step.questions.map((q) => q.id).filter((qid) => answers.unsentText(qid) && !answers.isClosed(qid)) : []);

  function showStep(step) {
    if (state.sendingOn) window.clearTimeout(state.sendingOn.timer);
    state.sendingOn = null;
    state.next = null;
    // The banner's buttons go with it: the keyboard goes on to the new step's title, not the page's start.
    const fromBanner = banner.usedByKeyboardOrTap();
    banner.hide();
    view.renderStep(step);
    if (fromBanner) ui.title.focus({ preventScroll: true });
  }

  /** A step from the server (a push, or the join ack). */
  function stepArrived(step) {
    if (!validStep(step)) return;
    closed.learn(step);
    parts.noteReached(step.index);
    if (state.ended) return;
    if (state.step && state.step.index !== step.index && unsentHere().length) {
      state.next = step; // the text stays on screen; the banner asks what to do with it
      banner.show(step, unsentHere().length, Boolean(state.sendingOn));
      return;
    }
    showStep(step);
  }

  function sendAndMoveOn() {
    if (!state.next) return;
    const qids = unsentHere();
    const refused = qids.filter((qid) => !parts.send(qid, { scroll: false }));
    if (refused.length) {
      showError(state.forms.get(refused[0]));
      return;
    }
    state.sendingOn = { qids, timer: window.setTimeout(() => state.next && showStep(state.next), SEND_WAIT_MS) };
    banner.busy(true);
    checkSendingOn();
  }

  /** After "Send it now": move on once the answers are stored (or wait on this phone, offline). */
  function checkSendingOn() {
    const waiting = state.sendingOn;
    if (!waiting || !state.next) return;
    const refused = waiting.qids.find((qid) => (state.notes.get(qid) || {}).state === "error");
    if (refused) {
      window.clearTimeout(waiting.timer);
      state.sendingOn = null;
      banner.busy(false);
      showError(state.forms.get(refused));
      return;
    }
    const stored = waiting.qids.every((qid) => !state.pending.has(qid));
    if (stored || !parts.live()) {
      if (!stored) announce("Saved on this phone: it will be sent when the connection is back.");
      showStep(state.next);
    }
  }

  function keepForLater() {
    if (!state.next) return;
    const n = unsentHere().length;
    showStep(state.next);
    announce(`${n === 1 ? "Your answer is" : "Your answers are"} kept under “Not sent yet” at the top of the page.`);
  }

  /** Closed steps changed (a `locked` push, a refusal, a reopen): repaint what depends on it. */
  function lockChanged() {
    if (state.ended) return;
    answers.refreshAll();
    view.renderUnsent(false);
    if (state.step) closedHere.update(state.step.index, closed.step(state.step.index), state.step.questions.length > 0);
    // The banner asked to send text that can no longer be sent: nothing left to choose.
    if (state.next && !state.sendingOn && unsentHere().length === 0) showStep(state.next);
    checkSendingOn();
  }

  /** `serverAt`: the step the server has for this phone (at the switch, the facilitator's). */
  function setPacing(data, serverAt) {
    const mode = typeof data === "string" ? data : data && data.mode;
    const self = mode === "self";
    if (self === (state.pacing === "self")) return;
    state.pacing = self ? "self" : "facilitator";
    nav.setMode(self);
    view.showProgress();
    view.placeTimer();
    if (state.step && !state.ended) {
      announce(self
        ? "You can now go through the steps at your own pace, with Back and Next at the end of each step."
        : "The facilitator is leading the steps again.");
      // The server starts everyone on the facilitator's step; a phone that shows another one
      // (held back by the moved-on banner, or away at the switch) says where it is.
      const at = Number.isInteger(serverAt) ? serverAt : (state.next || state.step).index;
      if (self && state.step.index !== at) window.setTimeout(tellWhereIAm, Math.random() * 1500);
    }
  }

  /** Self pacing starts where each phone is: tell the server (it counts phones per step for
      the facilitator, and a phone that reconnects comes back to its own step). */
  function tellWhereIAm() {
    if (state.pacing !== "self" || state.moving || !state.step || !parts.live()) return;
    F.request(state.socket, "view", { index: state.step.index }).then(() => {}); // a hint: its ack changes nothing here
  }

  /** Self pacing: the phone's own Back/Next. The acked STEP is shown as the person's own move
      (no moved-on banner); unsent text stays on the phone, under "Not sent yet". */
  function moveTo(index) {
    if (!parts.live()) return Promise.resolve({ ok: false, error: { code: "offline", message: "Not connected: try again in a moment." } });
    state.moving = true;
    return F.request(state.socket, "view", { index }).then((ack) => {
      state.moving = false;
      if (!ack.ok || state.pacing !== "self" || state.ended || !validStep(ack.step)) return ack;
      closed.learn(ack.step);
      parts.noteReached(ack.step.index);
      const kept = unsentHere().length;
      showStep(ack.step);
      ui.title.focus({ preventScroll: true }); // the keyboard moves on with the person
      if (kept) announce(`${kept === 1 ? "Your answer is" : "Your answers are"} kept under “Not sent yet” at the top of the page.`);
      return ack;
    });
  }

  return { showStep, stepArrived, sendAndMoveOn, checkSendingOn, keepForLater, lockChanged, setPacing, moveTo };
}
