/* Fulcrum: the participant's phone page (/j/CODE).
   Joins the room over Socket.IO (again on every reconnect, with the resume token),
   follows the facilitator's steps, and sends answers with acknowledgements.
   Nothing lost, nothing doubled: an answer goes into an outbox in localStorage first
   and leaves it only on an ok ack (or a permanent error, which is shown), so one written
   offline, or in flight when the page is reloaded, is sent when the room is back, with
   its same client_id (a resend the server recognises and stores once). Every box's draft
   is in localStorage too, and a step never disappears under unsent text: when the
   facilitator moves on, the person chooses to send it now or keep it for later.
   At any time, and prominently at the end (also after a reload), the participant can
   download their own answers as a Markdown worksheet, built here from what the phone holds.
   The facilitator's controls show here too: the step's countdown, a closed step (drafts
   kept, sending off), self pacing (the phone's own Back/Next, `view`), and the end's
   grace period. Parts live in ./phone/*.js. Participant text is only ever set with textContent / .value. */
import * as F from "./common.js";
import { answerForm, paint, showError } from "./phone/answer-form.js";
import { closedNote, closedSteps } from "./phone/closed.js";
import { closingBanner } from "./phone/closing.js";
import { guidance } from "./phone/guidance.js";
import { movedOnBanner } from "./phone/moved-on.js";
import { pacingNav } from "./phone/pacing.js";
import { blankSheet, readSheet, takeOutline, validStep } from "./phone/sheet.js";
import { roomStore } from "./phone/store.js";
import * as TakeHome from "./phone/takehome.js";
import { stepTimer } from "./phone/timer.js";
import { unsentList } from "./phone/unsent.js";
import { writingHints } from "./phone/writing.js";

const root = document.getElementById("phone");
// The server's limits, from the page (server/web/participant.py): never repeated here.
const MAX_ANSWER = Number(root.dataset.maxAnswer);
const MAX_CLIENT_ID = Number(root.dataset.maxClientId);
const code = root.dataset.code || "";
const joinUrl = root.dataset.joinUrl || "/join";
const SEND_WAIT_MS = 6000; // "Send it now" waits this long for the acks before showing the new step
const store = roomStore(code);

const $ = (id) => document.getElementById(id);
const ui = {
  connection: $("connection"),
  sessionTitle: $("session-title"),
  notice: $("notice"),
  noticeTitle: $("notice-title"),
  noticeText: $("notice-text"),
  noticeActions: $("notice-actions"),
  endedBanner: $("ended-banner"),
  step: $("step"),
  progress: $("step-progress"),
  title: $("step-title"),
  readAlong: $("read-along"),
  questions: $("questions"),
  unsentQuestions: $("unsent-questions"),
  announcer: $("announcer"),
  takehomeEnd: $("takehome-end"),
  takehomeText: $("takehome-text"),
  takehomeSmall: $("takehome-small"),
};

const state = {
  socket: null,
  everConnected: false,
  everShownStep: false,
  joined: false,
  joining: false,
  ended: false,
  stopped: false, // we hung up on purpose (unknown room, session over): no "Reconnecting…"
  step: null, // the step on the screen
  next: null, // the facilitator's step, held back while the moved-on banner asks
  sendingOn: null, // {qids, timer}: "Send it now" waiting for its acks
  guidanceText: null,
  sent: new Map(), // question id → text the server has stored for us
  drafts: store.drafts(), // question id → what is in the box (sent or not); survives reloads
  lastClient: new Map(), // question id → {text, id}: the client_id of the last text we tried
  pending: new Map(), // question id → {text, id} waiting to be acknowledged: the outbox (mirrored in localStorage)
  inflight: new Set(), // question ids with an answer on the wire
  retries: new Map(), // question id → {timer, text}: a resend scheduled (slow connection, rate limit)
  notes: new Map(), // question id → {text, state}: an error to show (validation, refused answer)
  lost: new Set(), // question ids whose queued answer could not be sent before the session ended
  known: new Map(), // question id → {prompt, stepTitle, stepIndex}: every question of the worksheet seen
  forms: new Map(), // question id → the rendered form's parts
  // What the take-home needs, also after the end: kept in localStorage (phone/store.js).
  sheet: blankSheet(),
  pacing: "facilitator", // or "self": the phone moves on its own (Back/Next → `view`)
  moving: false, // a `view` of the person's own is on the wire
};

const trimmed = (text) => String(text || "").trim();

const guide = guidance($("step-guidance"), $("read-more"));
const unsent = unsentList({
  root: $("unsent"),
  count: $("unsent-count"),
  text: $("unsent-text"),
  toggle: $("unsent-toggle"),
  toggleLabel: $("unsent-toggle-label"),
  list: ui.unsentQuestions,
});
// Function declarations below are hoisted: these parts can name them before they appear.
const banner = movedOnBanner(
  { root: $("moved-on"), title: $("moved-on-title"), text: $("moved-on-text"), send: $("moved-on-send"), keep: $("moved-on-keep") },
  { onSend: sendAndMoveOn, onKeep: keepForLater, announce },
);
const closed = closedSteps();
const closedHere = closedNote({ root: $("step-closed") }, { announce });
const timer = stepTimer({ root: $("step-timer"), value: $("step-timer-value"), word: $("step-timer-word"), lock: $("step-timer-lock") }, { announce });
const closing = closingBanner({ root: $("closing"), count: $("closing-count") }, { announce });
const nav = pacingNav({ root: $("pace-nav"), back: $("pace-back"), next: $("pace-next"), status: $("pace-status") }, { move: moveTo });

/* ---------- The sheet and the outbox, as this phone kept them ---------- */

function learnSteps(steps) {
  for (const step of steps) {
    for (const q of step.questions) {
      state.known.set(q.id, { prompt: q.prompt, stepTitle: step.title, stepIndex: Number.isInteger(step.index) ? step.index : -1 });
    }
  }
}

function saveSheet() {
  store.setSheet({ ...state.sheet, answers: Object.fromEntries(state.sent) });
}

function noteReached(index) {
  if (Number.isInteger(index) && index > state.sheet.reached) {
    state.sheet.reached = index;
    saveSheet();
  }
}

const kept = readSheet(store.sheet());
if (kept) {
  state.sheet = kept.sheet;
  state.sent = kept.answers; // what the server had stored: after the end, the take-home tells sent from unsent
  learnSteps(kept.sheet.steps);
}

for (const [qid, item] of store.outbox(MAX_CLIENT_ID)) {
  const entry = { text: item.text, id: item.id };
  state.pending.set(qid, entry);
  state.lastClient.set(qid, entry);
  if (!trimmed(state.drafts.get(qid))) state.drafts.set(qid, item.text);
  if (item.prompt !== undefined && !state.known.has(qid)) {
    state.known.set(qid, { prompt: item.prompt, stepTitle: item.stepTitle || "an earlier step", stepIndex: -1 });
  }
}

function saveOutbox() {
  store.setOutbox(state.pending, (qid) => state.known.get(qid));
}

function enqueue(qid, item) {
  state.pending.set(qid, item);
  saveOutbox();
}

/** Take `item` out of the outbox, unless a newer text has replaced it meanwhile. */
function dequeue(qid, item) {
  if (state.pending.get(qid) !== item) return;
  state.pending.delete(qid);
  saveOutbox();
}

function clearRetry(qid) {
  const retry = state.retries.get(qid);
  if (retry) window.clearTimeout(retry.timer);
  state.retries.delete(qid);
}

function retryLater(qid, ms, message) {
  clearRetry(qid);
  const timer = window.setTimeout(() => {
    state.retries.delete(qid);
    flush(qid);
  }, ms);
  state.retries.set(qid, { timer, text: message });
}


/* ---------- Connection: the socket, joined, and the phone's own network ---------- */

const browserOffline = () => navigator.onLine === false;
const live = () => Boolean(state.socket && state.socket.connected && state.joined);
const hints = writingHints(root.dataset.writingInterval, () => (live() ? state.socket : null));

function showConnection() {
  nav.setLive(live());
  if (state.stopped || state.ended) return; // those set their own words
  if (live()) F.setConnection(ui.connection, "connected", "Connected");
  else if (browserOffline()) F.setConnection(ui.connection, "offline", "Offline — answers will be sent when you're back");
  else if (state.socket && state.socket.connected) F.setConnection(ui.connection, "connecting", "Joining…");
  else F.setConnection(ui.connection, "reconnecting", state.everConnected ? "Reconnecting…" : "Connecting…");
}

function savedNote() {
  const n = state.pending.size;
  if (n === 0) return "";
  return ` ${n === 1 ? "Your answer is" : `${n} answers are`} saved on this phone and will be sent once connected.`;
}

/* ---------- Notices (connecting, errors, the end) ---------- */

function showNotice(kind, title, body, actions = []) {
  ui.notice.dataset.kind = kind;
  ui.noticeTitle.textContent = title;
  ui.noticeText.textContent = body || "";
  ui.noticeText.hidden = !body;
  ui.noticeActions.replaceChildren(...actions);
  ui.noticeActions.hidden = actions.length === 0;
  ui.notice.hidden = false;
  ui.step.hidden = true;
}

function linkButton(href, label, primary) {
  return F.el("a", { className: primary ? "button button-primary button-block" : "button button-block", text: label, attrs: { href } });
}

function retryButton() {
  const button = F.el("button", { className: "button button-primary button-block", text: "Try again", attrs: { type: "button", id: "retry-join" } });
  button.addEventListener("click", () => {
    showNotice("connecting", `Joining session ${code}…`, "Connecting to the room.");
    if (state.socket && !state.socket.connected) state.socket.connect();
    else join();
  });
  return button;
}

function announce(message) {
  ui.announcer.textContent = "";
  window.setTimeout(() => {
    ui.announcer.textContent = message;
  }, 50);
}

/* ---------- Answers: state → feedback line and button ---------- */

function currentText(qid) {
  const form = state.forms.get(qid);
  if (form) return form.textarea.value;
  if (state.drafts.has(qid)) return state.drafts.get(qid);
  return state.sent.get(qid) || "";
}

/** Text in the box that the server does not have and that is not on its way there (the outbox). */
function unsentText(qid) {
  const value = trimmed(currentText(qid));
  const queued = state.pending.get(qid);
  return Boolean(value) && value !== state.sent.get(qid) && !(queued && queued.text === value);
}

const stepOf = (qid) => (state.known.has(qid) ? state.known.get(qid).stepIndex : -1);

/** The question's step takes no answers now (the facilitator closed it). */
const isClosed = (qid) => closed.question(qid, stepOf(qid));

function statusFor(qid) {
  const value = trimmed(currentText(qid));
  const sent = state.sent.get(qid);
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
    if (value && value !== item.text) return { text: "Changed — not sent yet.", state: "dirty" };
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
  if (sent !== undefined) return { text: "Changed — not sent yet.", state: "dirty" };
  return { text: "", state: "" };
}

function refresh(qid) {
  const form = state.forms.get(qid);
  if (!form) return;
  paint(form, statusFor(qid), {
    label: state.sent.has(qid) ? "Update" : "Send",
    ended: state.ended,
    closed: isClosed(qid),
    maxAnswer: MAX_ANSWER,
  });
}

function refreshAll() {
  for (const qid of state.forms.keys()) refresh(qid);
}

function saveDraft(qid, value) {
  state.drafts.set(qid, value);
  const sent = state.sent.get(qid);
  if (!trimmed(value) || (sent !== undefined && trimmed(value) === sent)) store.removeDraft(qid);
  else store.setDraft(qid, value);
}

/** Queue the box's text and send it; false (with the error at the field) if it cannot go. */
function send(qid, { scroll = true } = {}) {
  if (state.ended) return false;
  if (isClosed(qid)) {
    refresh(qid); // its button is disabled; a late tap (or Enter) changes nothing
    return false;
  }
  const value = trimmed(currentText(qid));
  state.notes.delete(qid);
  let error = null;
  if (!value) error = "Write an answer first.";
  else if (value.length > MAX_ANSWER) error = `Answers are limited to ${MAX_ANSWER} characters; this one has ${value.length}.`;
  if (error) {
    state.notes.set(qid, { text: error, state: "error" });
    refresh(qid);
    if (scroll && state.forms.has(qid)) showError(state.forms.get(qid));
    return false;
  }
  if (!state.pending.has(qid) && state.sent.get(qid) === value) {
    refresh(qid); // already stored: nothing to send
    return true;
  }
  let client = state.lastClient.get(qid);
  if (!client || client.text !== value) {
    client = { text: value, id: F.uuid() }; // a new text gets a new client_id; a retry keeps it
    state.lastClient.set(qid, client);
  }
  enqueue(qid, client); // in localStorage before it goes on the wire
  clearRetry(qid);
  refresh(qid);
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
    refresh(qid); // shown as saved on this phone; joined() sends it
    return;
  }
  state.inflight.add(qid);
  refresh(qid);
  F.request(state.socket, "answer", { question_id: qid, text: item.text, client_id: item.id }).then((ack) => {
    state.inflight.delete(qid);
    if (ack.ok) {
      state.sent.set(qid, item.text);
      state.notes.delete(qid);
      dequeue(qid, item);
      if (trimmed(state.drafts.get(qid)) === item.text) store.removeDraft(qid);
      saveSheet();
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
        showConnection();
        join(); // joined() resends the outbox
      } else if (codeName === "session_ended") {
        endSession(); // empties the outbox and marks this answer as not sent
      } else if (codeName === "locked") {
        // The step closed before it arrived: the text stays in the box (and the take-home),
        // not in the outbox: reopening lets the person send it again, by their choice.
        if (state.pending.get(qid) === item) dequeue(qid, item);
        closed.refuse(qid, stepOf(qid));
        lockChanged();
      } else if (state.pending.get(qid) === item) {
        // Refused for good (too long, bad request, server fault): shown; the text stays in the box.
        dequeue(qid, item);
        state.notes.set(qid, { text: F.errorMessage(ack), state: "error" });
      }
    }
    if (state.pending.get(qid) !== item) flush(qid); // a newer text was queued meanwhile
    refresh(qid);
    renderUnsent(false);
    checkSendingOn();
  });
}

/* ---------- Rendering a step ---------- */

function questionForm(q, heading) {
  const form = answerForm(q, heading, {
    maxAnswer: MAX_ANSWER,
    text: currentText(q.id),
    onSubmit: () => send(q.id),
    onInput: (value) => {
      saveDraft(q.id, value);
      const note = state.notes.get(q.id);
      if (note && note.state === "error") state.notes.delete(q.id);
      refresh(q.id);
      if (unsentText(q.id) && !isClosed(q.id)) hints.typed(q.id); // nobody "writes" into a closed step
      renderUnsent(false);
    },
  });
  state.forms.set(q.id, form);
  return form.root;
}

/** Text in the box that the server has not stored yet: unsent, or waiting in the outbox. */
function notStored(qid) {
  const value = trimmed(currentText(qid));
  return Boolean(value) && (state.pending.has(qid) || value !== state.sent.get(qid));
}

/** Fill "Not sent yet" with the other steps' unsent answers. `prune`: also drop the forms that
    were sent meanwhile (on a new step; until then a sent one stays, showing "Sent ✓"). */
function renderUnsent(prune) {
  if (!state.step) return;
  const current = new Set(state.step.questions.map((q) => q.id));
  const others = Array.from(state.known.entries())
    .filter(([qid]) => !current.has(qid) && notStored(qid))
    .sort((a, b) => a[1].stepIndex - b[1].stepIndex);
  const wanted = new Set(others.map(([qid]) => qid));
  for (const [qid, form] of Array.from(state.forms)) {
    if (current.has(qid) || wanted.has(qid) || !prune) continue;
    if (form.root.contains(document.activeElement)) continue; // never yank a box away while typing
    form.root.remove();
    state.forms.delete(qid);
  }
  for (const [qid, info] of others) {
    if (state.forms.has(qid)) continue;
    const where = info.stepIndex >= 0 ? `Step ${info.stepIndex + 1} · ${info.stepTitle}` : `From “${info.stepTitle}”`;
    ui.unsentQuestions.append(questionForm({ id: qid, prompt: info.prompt }, where));
    refresh(qid);
  }
  const listed = Array.from(ui.unsentQuestions.children).map((node) => node.dataset.questionId);
  const waiting = listed.filter(notStored);
  unsent.update(waiting.length, listed.length, state.ended, waiting.filter(isClosed).length);
}

function renderStep(step) {
  const changed = !state.step || state.step.index !== step.index;
  state.step = step;
  const questions = step.questions;
  learnSteps([step]);

  const sameQuestions = !changed
    && questions.length === ui.questions.children.length
    && questions.every((q, i) => ui.questions.children[i].dataset.questionId === q.id);
  ui.notice.hidden = true;
  ui.step.hidden = false;
  showProgress();
  nav.setStep(step);
  placeTimer();
  closedHere.update(step.index, closed.step(step.index), questions.length > 0);
  ui.title.textContent = step.title;
  if (changed || state.guidanceText !== step.guidance) {
    state.guidanceText = step.guidance;
    guide.render(step.guidance, questions.length > 0);
  }
  ui.readAlong.hidden = questions.length > 0;

  if (sameQuestions) {
    // The same step again (a reconnect): keep the boxes, so typing is never interrupted.
    refreshAll();
    renderUnsent(false);
    return;
  }
  // Remember what is in the boxes before they are replaced; unsent ones come back in "Not sent yet".
  for (const [qid, form] of state.forms) saveDraft(qid, form.textarea.value);
  const next = new Set(questions.map((q) => q.id));
  for (const [qid, form] of Array.from(state.forms)) {
    if (ui.unsentQuestions.contains(form.root) && !next.has(qid)) continue; // still in "Not sent yet"
    form.root.remove();
    state.forms.delete(qid);
  }
  ui.questions.replaceChildren(
    ...questions.map((q, i) => questionForm(q, questions.length > 1 ? `Question ${i + 1} of ${questions.length}` : null)),
  );
  refreshAll();
  renderUnsent(true);

  if (changed) {
    if (state.everShownStep) window.scrollTo({ top: 0, behavior: "smooth" });
    state.everShownStep = true;
    announce(`Step ${step.index + 1} of ${step.count}: ${step.title}`);
  }
}

function showProgress() {
  if (!state.step) return;
  const own = state.pacing === "self" ? " · at your own pace" : "";
  ui.progress.textContent = `Step ${state.step.index + 1} of ${state.step.count}${own}`;
}

function placeTimer() {
  timer.place(state.step ? state.step.index : null, state.pacing === "self", state.ended);
}

/* ---------- The facilitator moves: never hide unsent text ---------- */

/** Questions of the step on screen whose text the server does not have and could still take. */
const unsentHere = () => (state.step ? state.step.questions.map((q) => q.id).filter((qid) => unsentText(qid) && !isClosed(qid)) : []);

function showStep(step) {
  if (state.sendingOn) window.clearTimeout(state.sendingOn.timer);
  state.sendingOn = null;
  state.next = null;
  // The banner's buttons go with it: the keyboard goes on to the new step's title, not the page's start.
  const fromBanner = banner.usedByKeyboardOrTap();
  banner.hide();
  renderStep(step);
  if (fromBanner) ui.title.focus({ preventScroll: true });
}

/** A step from the server (a push, or the join ack). */
function stepArrived(step) {
  if (!validStep(step)) return;
  closed.learn(step);
  noteReached(step.index);
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
  const refused = qids.filter((qid) => !send(qid, { scroll: false }));
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
  if (stored || !live()) {
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

/* ---------- The facilitator's controls: closed steps, pacing ---------- */

/** Closed steps changed (a `locked` push, a refusal, a reopen): repaint what depends on it. */
function lockChanged() {
  if (state.ended) return;
  refreshAll();
  renderUnsent(false);
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
  showProgress();
  placeTimer();
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
  if (state.pacing !== "self" || state.moving || !state.step || !live()) return;
  F.request(state.socket, "view", { index: state.step.index }).then(() => {}); // a hint: its ack changes nothing here
}

/** Self pacing: the phone's own Back/Next. The acked STEP is shown as the person's own move
    (no moved-on banner); unsent text stays on the phone, under "Not sent yet". */
function moveTo(index) {
  if (!live()) return Promise.resolve({ ok: false, error: { code: "offline", message: "Not connected: try again in a moment." } });
  state.moving = true;
  return F.request(state.socket, "view", { index }).then((ack) => {
    state.moving = false;
    if (!ack.ok || state.pacing !== "self" || state.ended || !validStep(ack.step)) return ack;
    closed.learn(ack.step);
    noteReached(ack.step.index);
    const kept = unsentHere().length;
    showStep(ack.step);
    ui.title.focus({ preventScroll: true }); // the keyboard moves on with the person
    if (kept) announce(`${kept === 1 ? "Your answer is" : "Your answers are"} kept under “Not sent yet” at the top of the page.`);
    return ack;
  });
}

/* ---------- Take-home: the participant's own answers as a Markdown file ---------- */

/** The worksheet's steps with questions: the outline from the join ack, else the questions seen here. */
function takeHomeSteps() {
  if (state.sheet.steps.length) return state.sheet.steps;
  const steps = new Map();
  for (const [id, info] of state.known) {
    if (!steps.has(info.stepTitle)) steps.set(info.stepTitle, { index: info.stepIndex, title: info.stepTitle, questions: [] });
    steps.get(info.stepTitle).questions.push({ id, prompt: info.prompt });
  }
  return Array.from(steps.values());
}

function answerOf(qid) {
  const value = trimmed(currentText(qid));
  return { text: value, sent: value === state.sent.get(qid) };
}

function downloadTakeHome() {
  const sheet = { ...state.sheet, steps: takeHomeSteps() };
  const day = new Date(state.sheet.date || Date.now());
  TakeHome.download(TakeHome.fileName(sheet), TakeHome.markdown(sheet, answerOf, Number.isNaN(day.getTime()) ? new Date() : day));
}

function showTakeHome() {
  const available = takeHomeSteps().length > 0;
  ui.takehomeEnd.hidden = !(available && state.ended);
  ui.takehomeSmall.hidden = !(available && !state.ended);
  if (!state.ended) return;
  const unsentCount = takeHomeSteps().flatMap((s) => s.questions).filter((q) => {
    const { text: value, sent } = answerOf(q.id);
    return value && !sent;
  }).length;
  ui.takehomeText.textContent = "Save the worksheet with your own answers as a file, made right here on this phone."
    + (unsentCount ? ` ${unsentCount === 1 ? "One answer was" : `${unsentCount} answers were`} not sent: ${unsentCount === 1 ? "it is" : "they are"} in the file too, marked “Not sent”.` : "");
}

/* ---------- Session end ---------- */

function endSession() {
  if (state.ended) return;
  state.ended = true;
  for (const [qid, item] of state.pending) {
    if (state.sent.get(qid) !== item.text) state.lost.add(qid);
  }
  for (const qid of Array.from(state.retries.keys())) clearRetry(qid);
  state.pending.clear();
  saveOutbox(); // nothing more can be sent to this session; the texts stay as drafts
  state.notes.clear();
  if (state.sendingOn) window.clearTimeout(state.sendingOn.timer);
  state.sendingOn = null;
  state.next = null;
  banner.hide(); // the step on screen stays, with its text
  closing.hide();
  nav.hide();
  placeTimer();
  $("step-closed").hidden = true; // "the session has ended" says it all
  state.sheet.ended = true;
  saveSheet();
  if (state.step) {
    ui.endedBanner.hidden = false;
    refreshAll();
    renderUnsent(false);
  } else {
    // Opened (or reloaded) after the end: the take-home still comes from what this phone kept,
    // and comes first; joining another session is the small link under it.
    const keeps = takeHomeSteps().length > 0;
    showNotice("ended", "This session has ended. Thank you!", "", keeps ? [] : [linkButton(joinUrl, "Join another session", false)]);
    $("takehome-other").hidden = !keeps;
    if (state.sheet.sessionTitle) {
      ui.sessionTitle.textContent = state.sheet.sessionTitle;
      ui.sessionTitle.hidden = false;
    }
  }
  showTakeHome();
  F.setConnection(ui.connection, "ended", "Session ended");
  stop();
}

function stop() {
  state.stopped = true;
  if (state.socket) state.socket.disconnect();
}

/* ---------- Joining ---------- */

function join() {
  if (!state.socket || !state.socket.connected || state.joining || state.ended) return;
  state.joining = true;
  const payload = { code };
  const token = store.token();
  if (token) payload.token = token;
  F.request(state.socket, "join", payload).then((ack) => {
    state.joining = false;
    if (ack.ok) {
      joined(ack);
      return;
    }
    const codeName = F.errorCode(ack);
    if (codeName === "unknown_room") {
      store.forgetToken();
      state.pending.clear();
      saveOutbox();
      const message = F.errorMessage(ack);
      const body = message.includes(code) ? "Check the code shown on the screen and try again." : message;
      showNotice("error", `No session with code ${code}`, body, [linkButton(joinUrl, "Enter another code", true)]);
      F.setConnection(ui.connection, "ended", "Not connected");
      stop();
    } else if (codeName === "session_ended") {
      endSession();
    } else if (state.step || F.retryable(ack)) {
      // Already following the session, or just a slow moment: keep the page and retry quietly.
      showConnection();
      window.setTimeout(join, 3000);
    } else {
      showNotice("error", "Could not join the session", F.errorMessage(ack), [retryButton()]);
    }
  });
}

function joined(ack) {
  state.joined = true;
  if (typeof ack.token === "string") {
    // The server keeps a token for its session's life: a new one for the token we sent means
    // this code now belongs to another session (codes are freed when one ends). What the
    // phone kept was written for that other room and must never be sent into this one.
    const kept = store.token();
    if (kept && kept !== ack.token) startAfresh();
    store.setToken(ack.token);
  }
  showConnection();
  // A sheet kept from an ended session, and yet this join succeeds: a new session got this code.
  if (state.sheet.ended) Object.assign(state.sheet, { reached: 0, date: "" });
  if (takeOutline(state.sheet, ack.worksheet)) learnSteps(state.sheet.steps);
  state.sheet.ended = false;
  if (!state.sheet.date) state.sheet.date = new Date().toISOString(); // the take-home's date: the session's day
  if (ack.session && ack.session.title) {
    state.sheet.sessionTitle = String(ack.session.title);
    ui.sessionTitle.textContent = ack.session.title;
    ui.sessionTitle.hidden = false;
    document.title = `${ack.session.title} · Fulcrum`;
  }
  // Our own earlier answers, as the server has them: shown as sent (a local unsent draft wins in the box).
  const answers = ack.answers && typeof ack.answers === "object" ? ack.answers : {};
  state.sent.clear();
  for (const [qid, value] of Object.entries(answers)) {
    if (typeof value !== "string") continue;
    state.sent.set(qid, value);
    const draft = state.drafts.get(qid);
    if (draft === undefined || !trimmed(draft)) state.drafts.set(qid, value);
    if (trimmed(state.drafts.get(qid)) === value) store.removeDraft(qid);
  }
  saveSheet();
  if (Array.isArray(ack.locked)) closed.setAll(ack.locked);
  // Self pacing began while this phone was away: it starts from where it is (setPacing
  // tells the server), not from a step the server may not have recorded for it.
  const becameSelf = state.pacing !== "self" && ack.pacing === "self" && Boolean(state.step);
  setPacing(ack.pacing || "facilitator", validStep(ack.step) ? ack.step.index : undefined);
  timer.set(ack.timer || null);
  closing.set(ack.closing || null);
  if (becameSelf) {
    closed.learn(ack.step && state.step && ack.step.index === state.step.index ? ack.step : null);
    if (!state.ended) showStep(state.step);
  } else if (state.pacing === "self" && validStep(ack.step)) {
    // The phone's own step (where it last was): its place, not a move by the facilitator.
    closed.learn(ack.step);
    noteReached(ack.step.index);
    if (!state.ended) showStep(ack.step);
  } else {
    stepArrived(ack.step);
  }
  placeTimer();
  showTakeHome();
  // The outbox (this page's, or one saved before a reload) goes out now, each with its own client_id.
  for (const qid of Array.from(state.pending.keys())) {
    clearRetry(qid);
    flush(qid);
  }
}

function startAfresh() {
  store.forgetAll();
  for (const qid of Array.from(state.retries.keys())) clearRetry(qid);
  for (const map of [state.pending, state.lastClient, state.drafts, state.sent, state.notes, state.known]) map.clear();
  state.lost.clear();
  for (const form of state.forms.values()) form.root.remove();
  state.forms.clear();
  state.step = null;
  state.sheet = blankSheet();
}

/** Connect again now rather than at the end of the back-off (the network is back, the tab is visible). */
function reconnectNow() {
  const socket = state.socket;
  if (!socket || state.stopped || state.ended) return;
  if (socket.connected) {
    if (state.joined) flushAll();
    else join();
    return;
  }
  socket.disconnect(); // not connected: just resets the manager and its back-off
  socket.connect();
}

/* ---------- Socket ---------- */

function start() {
  const socket = F.connect();
  if (!socket) {
    showNotice("error", "Could not load the live connection", "Please reload the page.", [retryButton()]);
    return;
  }
  state.socket = socket;
  if (state.pending.size && ui.notice.dataset.kind === "connecting") {
    ui.noticeText.textContent = `Connecting to the room.${savedNote()}`;
  }

  socket.on("connect", () => {
    state.everConnected = true;
    showConnection();
    join();
  });

  socket.on("disconnect", () => {
    state.joined = false;
    state.joining = false;
    showConnection();
    refreshAll(); // queued answers now read "saved on this phone"
    checkSendingOn();
  });

  socket.on("connect_error", () => {
    if (state.stopped) return;
    showConnection();
    if (!state.step && ui.notice.dataset.kind === "connecting") {
      const where = browserOffline() ? "This phone is offline." : "Still trying to reach the server… check your Wi-Fi or mobile data.";
      ui.noticeText.textContent = where + savedNote();
    }
  });

  // In self pacing the phone is where the person took it; the facilitator's moves are not
  // sent to phones then (and one that came anyway must not move this one).
  socket.on("step", (step) => {
    if (state.pacing !== "self") stepArrived(step);
  });
  socket.on("pacing", (data) => setPacing(data));
  socket.on("timer", (data) => {
    timer.set(data);
    placeTimer();
  });
  socket.on("locked", (data) => {
    if (!data || !Array.isArray(data.steps)) return;
    closed.setAll(data.steps);
    lockChanged();
  });
  socket.on("closing", (data) => {
    if (!state.ended) closing.set(data);
  });

  socket.on("ended", () => endSession());

  window.addEventListener("offline", () => {
    // The phone has lost its network: stop trusting the socket now rather than after the
    // heartbeat times out (the manager reconnects as soon as it can).
    if (socket.connected && socket.io && socket.io.engine) socket.io.engine.close();
    showConnection();
    refreshAll();
  });
  window.addEventListener("online", () => {
    showConnection();
    reconnectNow();
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") reconnectNow();
  });
  showConnection();
}

$("takehome-download").addEventListener("click", downloadTakeHome);
$("takehome-link").addEventListener("click", downloadTakeHome);

start();
