/* Fulcrum: the participant's phone page (/j/CODE).
   Joins the room over Socket.IO (again on every reconnect, with the resume token),
   follows the facilitator's steps, and sends answers with acknowledgements.
   Nothing lost, nothing doubled: an answer goes into an outbox in localStorage first
   and leaves it only on an ok ack (or a permanent error, which is shown), so one written
   offline, or in flight when the page is reloaded, is sent when the room is back, with
   its same client_id (a resend the server recognises and stores once).
   At any time, and prominently at the end, the participant can download their own
   answers as a text worksheet, built here from what the phone holds (no request).
   Participant text is only ever set with textContent / .value. */
import * as F from "./common.js";

const root = document.getElementById("phone");
// The server's limits, from the page (server/web/participant.py): never repeated here.
const MAX_ANSWER = Number(root.dataset.maxAnswer);
const MAX_CLIENT_ID = Number(root.dataset.maxClientId);
const code = root.dataset.code || "";
const joinUrl = root.dataset.joinUrl || "/join";
const TOKEN_KEY = `fulcrum:token:${code}`;
const DRAFT_PREFIX = `fulcrum:draft:${code}:`;
const OUTBOX_KEY = `fulcrum:outbox:${code}`; // {question_id: {text, client_id, prompt?, step_title?}}

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
  guidance: $("step-guidance"),
  readAlong: $("read-along"),
  questions: $("questions"),
  unsent: $("unsent"),
  unsentQuestions: $("unsent-questions"),
  announcer: $("announcer"),
  takehomeEnd: $("takehome-end"),
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
  step: null,
  sent: new Map(), // question id → text the server has stored for us
  drafts: new Map(), // question id → what is in the box (sent or not)
  lastClient: new Map(), // question id → {text, id}: the client_id of the last text we tried
  pending: new Map(), // question id → {text, id} waiting to be acknowledged: the outbox (mirrored in localStorage)
  inflight: new Set(), // question ids with an answer on the wire
  retries: new Map(), // question id → {timer, text}: a resend scheduled (slow connection, rate limit)
  notes: new Map(), // question id → {text, state}: an error to show (validation, refused answer)
  lost: new Set(), // question ids whose queued answer could not be sent before the session ended
  known: new Map(), // question id → {prompt, stepTitle, stepIndex}: every question seen
  forms: new Map(), // question id → the rendered form's parts
  outline: null, // the worksheet's steps and prompts, from the join ack: {title, steps}
  sessionTitle: "",
};

// Drafts typed before a reload come back from localStorage.
for (const key of F.storage.keys(DRAFT_PREFIX)) {
  const value = F.storage.get(key);
  if (value) state.drafts.set(key.slice(DRAFT_PREFIX.length), value);
}

/* ---------- The outbox: answers not yet acknowledged, kept in localStorage ---------- */

function loadOutbox() {
  let data = null;
  try {
    data = JSON.parse(F.storage.get(OUTBOX_KEY) || "null");
  } catch (_) {
    data = null;
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) return;
  for (const [qid, entry] of Object.entries(data)) {
    if (!entry || typeof entry !== "object") continue;
    const { text, client_id: id } = entry;
    if (typeof text !== "string" || !text.trim() || typeof id !== "string" || !id || id.length > MAX_CLIENT_ID) continue;
    const item = { text, id };
    state.pending.set(qid, item);
    state.lastClient.set(qid, item);
    if (!(state.drafts.get(qid) || "").trim()) state.drafts.set(qid, text);
    if (typeof entry.prompt === "string" && !state.known.has(qid)) {
      state.known.set(qid, { prompt: entry.prompt, stepTitle: typeof entry.step_title === "string" ? entry.step_title : "an earlier step", stepIndex: -1 });
    }
  }
}

function saveOutbox() {
  if (state.pending.size === 0) {
    F.storage.remove(OUTBOX_KEY);
    return;
  }
  const data = {};
  for (const [qid, item] of state.pending) {
    const entry = { text: item.text, client_id: item.id };
    const info = state.known.get(qid);
    if (info) {
      entry.prompt = info.prompt;
      entry.step_title = info.stepTitle;
    }
    data[qid] = entry;
  }
  F.storage.set(OUTBOX_KEY, JSON.stringify(data)); // if storage is full or off, the outbox lives in memory
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

function retryLater(qid, ms, text) {
  clearRetry(qid);
  const timer = window.setTimeout(() => {
    state.retries.delete(qid);
    flush(qid);
  }, ms);
  state.retries.set(qid, { timer, text });
}

loadOutbox();

/* ---------- Connection: the socket, joined, and the phone's own network ---------- */

const browserOffline = () => navigator.onLine === false;
const live = () => Boolean(state.socket && state.socket.connected && state.joined);

function showConnection() {
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

function showNotice(kind, title, text, actions = []) {
  ui.notice.dataset.kind = kind;
  ui.noticeTitle.textContent = title;
  ui.noticeText.textContent = text || "";
  ui.noticeText.hidden = !text;
  ui.noticeActions.replaceChildren(...actions);
  ui.noticeActions.hidden = actions.length === 0;
  ui.notice.hidden = false;
  ui.step.hidden = true;
}

function linkButton(href, text, primary) {
  return F.el("a", { className: primary ? "button button-primary button-block" : "button button-block", text, attrs: { href } });
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

function announce(text) {
  ui.announcer.textContent = "";
  window.setTimeout(() => {
    ui.announcer.textContent = text;
  }, 50);
}

/* ---------- Answers: state → status line and button ---------- */

const trimmed = (text) => String(text || "").trim();

function currentText(qid) {
  const form = state.forms.get(qid);
  if (form) return form.textarea.value;
  if (state.drafts.has(qid)) return state.drafts.get(qid);
  return state.sent.get(qid) || "";
}

function statusFor(qid) {
  const text = trimmed(currentText(qid));
  const sent = state.sent.get(qid);
  if (state.ended) {
    if (state.lost.has(qid)) return { text: "Not sent: the session had already ended.", state: "error" };
    return sent !== undefined ? { text: "Sent ✓", state: "sent" } : { text: "", state: "" };
  }
  const note = state.notes.get(qid);
  if (note) return note;
  const item = state.pending.get(qid);
  if (item) {
    if (text && text !== item.text) {
      return { text: `Changes not sent yet: tap ${sent !== undefined ? "Update" : "Send"} to send them.`, state: "dirty" };
    }
    if (state.inflight.has(qid)) return { text: "Sending…", state: "sending" };
    if (!live()) {
      return browserOffline()
        ? { text: "Offline — saved on this phone. It will send when you're back.", state: "queued" }
        : { text: "Saved on this phone — it will send when the connection is back.", state: "queued" };
    }
    const retry = state.retries.get(qid);
    return { text: retry ? retry.text : "Sending…", state: "sending" };
  }
  if (sent !== undefined && text === sent) return { text: "Sent ✓", state: "sent" };
  if (sent !== undefined) return { text: "Changes not sent yet: tap Update to send them.", state: "dirty" };
  return { text: "", state: "" };
}

function refresh(qid) {
  const form = state.forms.get(qid);
  if (!form) return;
  const status = statusFor(qid);
  if (form.status.textContent !== status.text) form.status.textContent = status.text;
  form.status.dataset.state = status.state;
  form.root.dataset.state = status.state;
  const label = state.sent.has(qid) ? "Update" : "Send";
  if (form.buttonLabel.textContent !== label) form.buttonLabel.textContent = label;
  form.button.disabled = state.ended;
  form.textarea.disabled = state.ended;
  const length = form.textarea.value.length;
  form.count.textContent = length > MAX_ANSWER * 0.8 ? `${length} / ${MAX_ANSWER}` : "";
  form.count.dataset.over = String(length > MAX_ANSWER);
}

function refreshAll() {
  for (const qid of state.forms.keys()) refresh(qid);
}

function saveDraft(qid, value) {
  state.drafts.set(qid, value);
  const sent = state.sent.get(qid);
  if (!trimmed(value) || (sent !== undefined && trimmed(value) === sent)) {
    F.storage.remove(DRAFT_PREFIX + qid);
  } else {
    F.storage.set(DRAFT_PREFIX + qid, value);
  }
}

function send(qid) {
  if (state.ended) return;
  const text = trimmed(currentText(qid));
  state.notes.delete(qid);
  if (!text) {
    state.notes.set(qid, { text: "Write an answer first.", state: "error" });
    refresh(qid);
    return;
  }
  if (text.length > MAX_ANSWER) {
    state.notes.set(qid, { text: `Answers are limited to ${MAX_ANSWER} characters; this one has ${text.length}.`, state: "error" });
    refresh(qid);
    return;
  }
  if (!state.pending.has(qid) && state.sent.get(qid) === text) {
    refresh(qid); // already stored: nothing to send
    return;
  }
  let client = state.lastClient.get(qid);
  if (!client || client.text !== text) {
    client = { text, id: F.uuid() }; // a new text gets a new client_id; a retry keeps it
    state.lastClient.set(qid, client);
  }
  enqueue(qid, client); // in localStorage before it goes on the wire
  clearRetry(qid);
  refresh(qid);
  flush(qid);
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
      if (trimmed(state.drafts.get(qid)) === item.text) F.storage.remove(DRAFT_PREFIX + qid);
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
      } else if (state.pending.get(qid) === item) {
        // Refused for good (too long, bad request, server fault): shown; the text stays in the box.
        dequeue(qid, item);
        state.notes.set(qid, { text: F.errorMessage(ack), state: "error" });
      }
    }
    if (state.pending.get(qid) !== item) flush(qid); // a newer text was queued meanwhile
    refresh(qid);
    renderUnsent();
  });
}

/* ---------- Rendering a step ---------- */

function questionForm(q, heading) {
  const fieldId = `answer-${q.id}`;
  const statusId = `status-${q.id}`;
  const countId = `count-${q.id}`;
  const textarea = F.el("textarea", {
    className: "answer-input",
    attrs: {
      id: fieldId,
      name: "answer",
      rows: 4,
      maxlength: MAX_ANSWER,
      "aria-describedby": `${statusId} ${countId}`,
      autocomplete: "off",
    },
  });
  textarea.value = currentText(q.id);
  const buttonLabel = F.el("span", { className: "send-label", text: "Send" });
  const button = F.el("button", { className: "button button-primary send-button", attrs: { type: "submit" } }, [buttonLabel]);
  const count = F.el("span", { className: "char-count", attrs: { id: countId } });
  const status = F.el("p", { className: "answer-status", attrs: { id: statusId, role: "status", "aria-live": "polite" } });
  const label = F.el("label", { className: "question-prompt", attrs: { for: fieldId } }, [
    heading ? F.el("span", { className: "question-number", text: heading }) : null,
    F.el("span", { className: "question-text", text: q.prompt }),
  ]);
  const form = F.el("form", { className: "answer-form", attrs: { novalidate: true }, dataset: { questionId: q.id } }, [
    label,
    textarea,
    F.el("div", { className: "answer-actions" }, [count, button]),
    status,
  ]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send(q.id);
  });
  textarea.addEventListener("input", () => {
    saveDraft(q.id, textarea.value);
    const note = state.notes.get(q.id);
    if (note && note.state === "error") state.notes.delete(q.id);
    refresh(q.id);
  });
  state.forms.set(q.id, { root: form, textarea, button, buttonLabel, status, count });
  return form;
}

function isUnsent(qid) {
  const draft = trimmed(state.drafts.get(qid));
  if (!draft) return false;
  return state.pending.has(qid) || draft !== state.sent.get(qid);
}

function renderUnsent() {
  if (!state.step) return;
  const here = new Set(state.step.questions.map((q) => q.id));
  const earlier = [];
  for (const [qid, info] of state.known) {
    if (!here.has(qid) && isUnsent(qid)) earlier.push({ qid, info });
  }
  // Keep forms of earlier questions that are still unsent; drop the others.
  for (const qid of Array.from(state.forms.keys())) {
    if (!here.has(qid) && !earlier.some((e) => e.qid === qid)) {
      const form = state.forms.get(qid);
      if (form.root.contains(document.activeElement)) continue; // never yank a box away while typing
      form.root.remove();
      state.forms.delete(qid);
    }
  }
  for (const { qid, info } of earlier) {
    if (!state.forms.has(qid)) {
      ui.unsentQuestions.append(questionForm({ id: qid, prompt: info.prompt }, `From “${info.stepTitle}”`));
      refresh(qid);
    }
  }
  ui.unsent.hidden = ui.unsentQuestions.children.length === 0;
}

function renderStep(step) {
  if (!step || typeof step !== "object") return;
  const changed = !state.step || state.step.index !== step.index;
  state.step = step;
  const questions = Array.isArray(step.questions) ? step.questions : [];
  for (const q of questions) {
    state.known.set(q.id, { prompt: q.prompt, stepTitle: step.title, stepIndex: step.index });
  }

  const sameQuestions = !changed
    && questions.length === ui.questions.children.length
    && questions.every((q, i) => ui.questions.children[i].dataset.questionId === q.id);
  ui.notice.hidden = true;
  ui.step.hidden = false;
  ui.progress.textContent = `Step ${step.index + 1} of ${step.count}`;
  ui.title.textContent = step.title;
  ui.guidance.hidden = F.paragraphs(ui.guidance, step.guidance) === 0;

  if (sameQuestions) {
    // The same step again (a reconnect): keep the boxes, so typing is never interrupted.
    ui.readAlong.hidden = questions.length > 0;
    refreshAll();
    renderUnsent();
    return;
  }
  // Remember what is in the boxes before they are replaced.
  for (const [qid, form] of state.forms) saveDraft(qid, form.textarea.value);
  state.forms.clear();
  ui.unsentQuestions.replaceChildren();
  ui.questions.replaceChildren(
    ...questions.map((q, i) => questionForm(q, questions.length > 1 ? `Question ${i + 1} of ${questions.length}` : null)),
  );
  ui.readAlong.hidden = questions.length > 0;
  refreshAll();
  renderUnsent();

  if (changed) {
    if (state.everShownStep) window.scrollTo({ top: 0, behavior: "smooth" });
    state.everShownStep = true;
    announce(`Step ${step.index + 1} of ${step.count}: ${step.title}`);
  }
}

/* ---------- Take-home: the participant's own answers as a text file ---------- */

/** Steps with questions: the whole worksheet from the join ack, else the steps seen here. */
function takeHomeSteps() {
  if (state.outline) return state.outline.steps;
  const steps = new Map();
  for (const [id, info] of state.known) {
    if (!steps.has(info.stepTitle)) steps.set(info.stepTitle, { title: info.stepTitle, questions: [] });
    steps.get(info.stepTitle).questions.push({ id, prompt: info.prompt });
  }
  return Array.from(steps.values());
}

function worksheetTitle() {
  return (state.outline && state.outline.title) || state.sessionTitle;
}

function takeHomeText() {
  const title = worksheetTitle() || "Worksheet";
  const date = new Date().toLocaleDateString(undefined, { year: "numeric", month: "long", day: "numeric" });
  const lines = [`# ${title}`, ""];
  if (state.sessionTitle && state.sessionTitle !== title) lines.push(`Session: ${state.sessionTitle}`);
  lines.push(`My answers, ${date}`, "");
  for (const step of takeHomeSteps()) {
    lines.push(`## ${step.title}`, "");
    for (const q of step.questions) {
      const text = trimmed(currentText(q.id));
      lines.push(q.prompt, "");
      if (!text) lines.push("> (no answer)");
      else lines.push(...text.split(/\r\n?|\n/).map((line) => `> ${line}`.trimEnd()));
      if (text && state.sent.get(q.id) !== text) lines.push(">", "> (not sent)");
      lines.push("");
    }
  }
  return lines.join("\n");
}

function fileName() {
  const slug = (worksheetTitle() || "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60);
  return `${slug || "worksheet"}-my-answers.txt`;
}

/** A text/plain Blob behind a temporary download link: never HTML, never sent anywhere. */
function downloadTakeHome() {
  const blob = new Blob([takeHomeText()], { type: "text/plain;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const link = F.el("a", { attrs: { href: url, download: fileName(), hidden: true } });
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function showTakeHome() {
  const available = takeHomeSteps().length > 0;
  ui.takehomeEnd.hidden = !(available && state.ended && state.step);
  ui.takehomeSmall.hidden = !(available && !state.ended);
}

$("takehome-download").addEventListener("click", downloadTakeHome);
$("takehome-link").addEventListener("click", downloadTakeHome);

/* ---------- Session end ---------- */

function endSession() {
  if (state.ended) return;
  state.ended = true;
  for (const [qid, item] of state.pending) {
    if (state.sent.get(qid) !== item.text) state.lost.add(qid);
  }
  for (const qid of Array.from(state.retries.keys())) clearRetry(qid);
  state.pending.clear();
  saveOutbox(); // nothing more can be sent to this session
  state.notes.clear();
  if (state.step) {
    ui.endedBanner.hidden = false;
    refreshAll();
    showTakeHome();
  } else {
    showNotice("ended", "This session has ended. Thank you!", "", [linkButton(joinUrl, "Join another session", false)]);
  }
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
  const token = F.storage.get(TOKEN_KEY);
  if (token) payload.token = token;
  F.request(state.socket, "join", payload).then((ack) => {
    state.joining = false;
    if (ack.ok) {
      joined(ack);
      return;
    }
    const codeName = F.errorCode(ack);
    if (codeName === "unknown_room") {
      F.storage.remove(TOKEN_KEY);
      state.pending.clear();
      saveOutbox();
      const message = F.errorMessage(ack);
      const text = message.includes(code) ? "Check the code shown on the screen and try again." : message;
      showNotice("error", `No session with code ${code}`, text, [linkButton(joinUrl, "Enter another code", true)]);
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

function validOutline(outline) {
  return Boolean(outline && typeof outline.title === "string" && Array.isArray(outline.steps)
    && outline.steps.every((step) => step && typeof step.title === "string" && Array.isArray(step.questions)
      && step.questions.every((q) => q && typeof q.id === "string" && typeof q.prompt === "string")));
}

function joined(ack) {
  state.joined = true;
  if (typeof ack.token === "string") F.storage.set(TOKEN_KEY, ack.token);
  showConnection();
  if (validOutline(ack.worksheet)) state.outline = ack.worksheet;
  if (ack.session && ack.session.title) {
    state.sessionTitle = String(ack.session.title);
    ui.sessionTitle.textContent = ack.session.title;
    ui.sessionTitle.hidden = false;
    document.title = `${ack.session.title} · Fulcrum`;
  }
  // Our own earlier answers: shown as already sent (a local unsent draft wins in the box).
  const answers = ack.answers && typeof ack.answers === "object" ? ack.answers : {};
  for (const [qid, text] of Object.entries(answers)) {
    if (typeof text !== "string") continue;
    state.sent.set(qid, text);
    const draft = state.drafts.get(qid);
    if (draft === undefined || !trimmed(draft)) state.drafts.set(qid, text);
    if (trimmed(state.drafts.get(qid)) === text) F.storage.remove(DRAFT_PREFIX + qid);
  }
  renderStep(ack.step);
  showTakeHome();
  // The outbox (this page's, or one saved before a reload) goes out now, each with its own client_id.
  for (const qid of Array.from(state.pending.keys())) {
    clearRetry(qid);
    flush(qid);
  }
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
  });

  socket.on("connect_error", () => {
    if (state.stopped) return;
    showConnection();
    if (!state.step && ui.notice.dataset.kind === "connecting") {
      const where = browserOffline() ? "This phone is offline." : "Still trying to reach the server… check your Wi-Fi or mobile data.";
      ui.noticeText.textContent = where + savedNote();
    }
  });

  socket.on("step", (step) => {
    if (!state.ended) renderStep(step);
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

start();
