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
   grace period. Parts live in ./phone/*.js (answers, the outbox, the step view, step moves, …);
   this file holds the page's state and wires the parts to it and to the socket's events.
   Scale and choice questions are answered with big touch targets and the same Send (and
   outbox) as text: every answer is one string to the machinery (phone/kinds.js).
   Participant text is only ever set with textContent / .value. */
import * as F from "./common.js";
import { answerStates, trimmed } from "./phone/answers.js";
import { closedNote, closedSteps } from "./phone/closed.js";
import { closingBanner } from "./phone/closing.js";
import { guidance } from "./phone/guidance.js";
import { keyOfValue, kindOf } from "./phone/kinds.js";
import { movedOnBanner } from "./phone/moved-on.js";
import { stepMoves } from "./phone/moves.js";
import { linkButton, notices } from "./phone/notice.js";
import { outbox } from "./phone/outbox.js";
import { pacingNav } from "./phone/pacing.js";
import { blankSheet, readSheet, takeOutline, validStep } from "./phone/sheet.js";
import { stepView } from "./phone/step-view.js";
import { roomStore } from "./phone/store.js";
import { takeHomePanel } from "./phone/takehome-panel.js";
import { stepTimer } from "./phone/timer.js";
import { unsentList } from "./phone/unsent.js";
import { writingHints } from "./phone/writing.js";

const root = document.getElementById("phone");
// The server's limits, from the page (server/web/participant.py): never repeated here.
const MAX_ANSWER = Number(root.dataset.maxAnswer);
const MAX_CLIENT_ID = Number(root.dataset.maxClientId);
const code = root.dataset.code || "";
const joinUrl = root.dataset.joinUrl || "/join";
const store = roomStore(code);

const $ = (id) => document.getElementById(id);
const ui = {
  connection: $("connection"),
  sessionTitle: $("session-title"),
  practiceNote: $("practice-note"),
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
  sent: new Map(), // question id → text acknowledged (a private one's: the server has only its marker)
  sentShares: new Map(), // question id → the level it was acknowledged at
  shares: store.shares(), // question id → who the person chose should see it (else the question's default)
  missingPrivate: new Set(), // question ids answered privately on another visit, whose text this phone no longer has
  minGroup: 3, // the session's group size, from the join ack (for "shown once N people have answered")
  drafts: store.drafts(), // question id → what is in the box (sent or not); survives reloads
  lastClient: new Map(), // question id → {text, id}: the client_id of the last text we tried
  pending: new Map(), // question id → {text, id} waiting to be acknowledged: the outbox (mirrored in localStorage)
  inflight: new Set(), // question ids with an answer on the wire
  retries: new Map(), // question id → {timer, text}: a resend scheduled (slow connection, rate limit)
  notes: new Map(), // question id → {text, state}: an error to show (validation, refused answer)
  lost: new Set(), // question ids whose queued answer could not be sent before the session ended
  known: new Map(), // question id → {prompt, stepTitle, stepIndex, question}: every question of the worksheet seen
  forms: new Map(), // question id → the rendered form's parts
  // What the take-home needs, also after the end: kept in localStorage (phone/store.js).
  sheet: blankSheet(),
  pacing: "facilitator", // or "self": the phone moves on its own (Back/Next → `view`)
  moving: false, // a `view` of the person's own is on the wire
};

/* ---------- The parts ---------- */

// Parts that need each other get arrows (resolved when called, after start()); the function
// declarations further down are hoisted, so parts can be handed them before they appear.
const notice = notices(ui);
const announce = notice.announce;
const guide = guidance($("step-guidance"), $("read-more"));
const unsent = unsentList({
  root: $("unsent"),
  count: $("unsent-count"),
  text: $("unsent-text"),
  toggle: $("unsent-toggle"),
  toggleLabel: $("unsent-toggle-label"),
  list: ui.unsentQuestions,
});
const banner = movedOnBanner(
  { root: $("moved-on"), title: $("moved-on-title"), text: $("moved-on-text"), send: $("moved-on-send"), keep: $("moved-on-keep") },
  { onSend: () => moves.sendAndMoveOn(), onKeep: () => moves.keepForLater(), announce },
);
const closed = closedSteps();
const closedHere = closedNote({ root: $("step-closed") }, { announce });
const timer = stepTimer({ root: $("step-timer"), value: $("step-timer-value"), word: $("step-timer-word"), lock: $("step-timer-lock") }, { announce });
const closing = closingBanner({ root: $("closing"), count: $("closing-count") }, { announce });
const nav = pacingNav({ root: $("pace-nav"), back: $("pace-back"), next: $("pace-next"), status: $("pace-status") }, { move: (index) => moves.moveTo(index) });

const browserOffline = () => navigator.onLine === false;
const live = () => Boolean(state.socket && state.socket.connected && state.joined);
const hints = writingHints(root.dataset.writingInterval, () => (live() ? state.socket : null));

const answers = answerStates(state, { store, closed, live, browserOffline, maxAnswer: MAX_ANSWER });
const box = outbox(state, {
  store, answers, closed, live, maxAnswer: MAX_ANSWER, maxClientId: MAX_CLIENT_ID, saveSheet,
  showConnection, join, endSession,
  lockChanged: () => moves.lockChanged(),
  renderUnsent: (prune) => view.renderUnsent(prune),
  checkSendingOn: () => moves.checkSendingOn(),
});
const view = stepView(state, ui, {
  answers, send: box.send, hints, unsent, guide, nav, timer, closed, closedHere, announce, learnSteps, maxAnswer: MAX_ANSWER,
  saveShares: () => store.setShares(state.shares),
});
const moves = stepMoves(state, ui, { banner, view, answers, send: box.send, closed, closedHere, nav, noteReached, live, announce });
const takeHome = takeHomePanel(state, { ...ui, download: $("takehome-download"), link: $("takehome-link") }, { answerOf: answers.answerOf });

/* ---------- The sheet and the outbox, as this phone kept them ---------- */

function learnSteps(steps) {
  for (const step of steps) {
    for (const q of step.questions) {
      state.known.set(q.id, { prompt: q.prompt, stepTitle: step.title, stepIndex: Number.isInteger(step.index) ? step.index : -1, question: q });
    }
  }
}

function saveSheet() {
  store.setSheet({ ...state.sheet, answers: Object.fromEntries(state.sent), shares: Object.fromEntries(state.sentShares) });
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
  state.sentShares = kept.shares;
  learnSteps(kept.sheet.steps);
}

box.restore();

/* ---------- Connection: the socket, joined, and the phone's own network ---------- */

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

function retryButton() {
  const button = F.el("button", { className: "button button-primary button-block", text: "Try again", attrs: { type: "button", id: "retry-join" } });
  button.addEventListener("click", () => {
    notice.show("connecting", `Joining session ${code}…`, "Connecting to the room.");
    if (state.socket && !state.socket.connected) state.socket.connect();
    else join();
  });
  return button;
}

/* ---------- Session end ---------- */

function endSession() {
  if (state.ended) return;
  state.ended = true;
  for (const [qid, item] of state.pending) {
    if (state.sent.get(qid) !== item.text) state.lost.add(qid);
  }
  box.clearRetries();
  state.pending.clear();
  box.save(); // nothing more can be sent to this session; the texts stay as drafts
  state.notes.clear();
  if (state.sendingOn) window.clearTimeout(state.sendingOn.timer);
  state.sendingOn = null;
  state.next = null;
  banner.hide(); // the step on screen stays, with its text
  closing.hide();
  nav.hide();
  view.placeTimer();
  $("step-closed").hidden = true; // "the session has ended" says it all
  state.sheet.ended = true;
  saveSheet();
  if (state.step) {
    ui.endedBanner.hidden = false;
    answers.refreshAll();
    view.renderUnsent(false);
  } else {
    // Opened (or reloaded) after the end: the take-home still comes from what this phone kept,
    // and comes first; joining another session is the small link under it.
    const keeps = takeHome.steps().length > 0;
    notice.show("ended", "This session has ended. Thank you!", "", keeps ? [] : [linkButton(joinUrl, "Join another session", false)]);
    $("takehome-other").hidden = !keeps;
    if (state.sheet.sessionTitle) {
      ui.sessionTitle.textContent = state.sheet.sessionTitle;
      ui.sessionTitle.hidden = false;
    }
  }
  takeHome.show();
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
      box.save();
      const message = F.errorMessage(ack);
      const body = message.includes(code) ? "Check the code shown on the screen and try again." : message;
      notice.show("error", `No session with code ${code}`, body, [linkButton(joinUrl, "Enter another code", true)]);
      F.setConnection(ui.connection, "ended", "Not connected");
      stop();
    } else if (codeName === "session_ended") {
      endSession();
    } else if (state.step || F.retryable(ack)) {
      // Already following the session, or just a slow moment: keep the page and retry quietly.
      showConnection();
      window.setTimeout(join, 3000);
    } else {
      notice.show("error", "Could not join the session", F.errorMessage(ack), [retryButton()]);
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
  ui.practiceNote.hidden = !(ack.session && ack.session.practice);
  if (ack.session && ack.session.title) {
    state.sheet.sessionTitle = String(ack.session.title);
    ui.sessionTitle.textContent = ack.session.title;
    ui.sessionTitle.hidden = false;
    document.title = `${ack.session.title} · Fulcrum`;
  }
  // Our own earlier answers, as the server has them: shown as sent (a local unsent draft wins in the box).
  // A scale's or choice's is its value (`values`), held as its key like a text (phone/kinds.js).
  const answers = ack.answers && typeof ack.answers === "object" ? ack.answers : {};
  const values = ack.values && typeof ack.values === "object" ? ack.values : {};
  const shares = ack.shares && typeof ack.shares === "object" ? ack.shares : {};
  if (typeof ack.session?.min_group === "number") state.minGroup = ack.session.min_group;
  const keptHere = new Map(state.sent); // a private answer's text is only on this phone
  state.sent.clear();
  state.sentShares.clear();
  state.missingPrivate.clear();
  for (const [qid, level] of Object.entries(shares)) {
    if (typeof level !== "string") continue;
    state.sentShares.set(qid, level);
    if (!state.shares.has(qid)) state.shares.set(qid, level);
    if (level !== "private") continue;
    const local = keptHere.get(qid) || trimmed(state.drafts.get(qid));
    if (local) state.sent.set(qid, local);
    else state.missingPrivate.add(qid);
  }
  for (const [qid, text] of Object.entries(answers)) {
    if (typeof text !== "string") continue;
    const info = state.known.get(qid);
    const picked = Object.hasOwn(values, qid) || (info && kindOf(info.question) !== "text");
    const value = picked ? keyOfValue(values[qid]) : text;
    if (!value) continue;
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
  moves.setPacing(ack.pacing || "facilitator", validStep(ack.step) ? ack.step.index : undefined);
  timer.set(ack.timer || null);
  closing.set(ack.closing || null);
  if (becameSelf) {
    closed.learn(ack.step && state.step && ack.step.index === state.step.index ? ack.step : null);
    if (!state.ended) moves.showStep(state.step);
  } else if (state.pacing === "self" && validStep(ack.step)) {
    // The phone's own step (where it last was): its place, not a move by the facilitator.
    closed.learn(ack.step);
    noteReached(ack.step.index);
    if (!state.ended) moves.showStep(ack.step);
  } else {
    moves.stepArrived(ack.step);
  }
  view.placeTimer();
  takeHome.show();
  // The outbox (this page's, or one saved before a reload) goes out now, each with its own client_id.
  for (const qid of Array.from(state.pending.keys())) {
    box.clearRetry(qid);
    box.flush(qid);
  }
}

function startAfresh() {
  store.forgetAll();
  box.clearRetries();
  for (const map of [state.pending, state.lastClient, state.drafts, state.sent, state.sentShares, state.shares, state.notes, state.known]) map.clear();
  state.lost.clear();
  state.missingPrivate.clear();
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
    if (state.joined) box.flushAll();
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
    notice.show("error", "Could not load the live connection", "Please reload the page.", [retryButton()]);
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
    answers.refreshAll(); // queued answers now read "saved on this phone"
    moves.checkSendingOn();
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
    if (state.pacing !== "self") moves.stepArrived(step);
  });
  socket.on("pacing", (data) => moves.setPacing(data));
  socket.on("timer", (data) => {
    timer.set(data);
    view.placeTimer();
  });
  socket.on("locked", (data) => {
    if (!data || !Array.isArray(data.steps)) return;
    closed.setAll(data.steps);
    moves.lockChanged();
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
    answers.refreshAll();
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

start();
