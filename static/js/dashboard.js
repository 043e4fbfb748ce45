/* Fulcrum: the facilitator's live dashboard (/sessions/ID), the page's entry module.
   Hosts the session over Socket.IO (again on every reconnect), moves the room between
   steps, shows answers as they arrive and each question's themes (rename, merge, move and
   sort answers, undo, show on the projector). Answer text and theme labels only ever go through textContent.
   The parts live in dashboard/: state (elements, room state, limits), steps (the bar's
   steps menu, Back/Next), questions (one in focus, as tabs), progress (n of N answered,
   writing), answers (+ clamp), themes (+ theme-detail, theme-edits; theme-board, the
   "Sort answers" columns; theme-select, choosing several answers; theme-drag, SortableJS;
   theme-history, undo, redo and regroup; theme-send, sending an edit and saying why one was
   refused), chart (a scale's or
   choice's bars where a text question has themes), notes (the facilitator's), reveal and
   join-screen (the projector), ending (End now / in 30 s), and the room controls: timer,
   lock (closing a step), moderation (hide, spotlight), pacing (self-paced progress),
   shortcuts (keys and their help); send, countdown, menus and dom are helpers.
   Every control's result arrives as a push to every host screen, so two dashboards agree. */
import * as F from "./common.js";
import { hostSession } from "./host.js";
import { flushQueuedAnswers, loadAnswers, queueAnswer } from "./dashboard/answers.js";
import { cleanChart, learnKinds, loadCharts, renderChart } from "./dashboard/chart.js";
import { setClosing, setEnded } from "./dashboard/ending.js";
import { setJoinShown } from "./dashboard/join-screen.js";
import { setLocked } from "./dashboard/lock.js";
import { setSpotlight } from "./dashboard/moderation.js";
import { setPacing, setProgress } from "./dashboard/pacing.js";
import { setPeople, setWriting } from "./dashboard/progress.js";
import { setRevealed } from "./dashboard/reveal.js";
import "./dashboard/shortcuts.js"; // keys and their help
import { sessionId, setMessage, state, ui } from "./dashboard/state.js";
import { showStep, updateControls } from "./dashboard/steps.js";
import "./dashboard/theme-edits.js"; // the themes panels' buttons and forms
import { cleanThemes, loadThemes, renderThemes } from "./dashboard/themes.js";
import { setTimer } from "./dashboard/timer.js";

function hosted(s) {
  state.hosted = true;
  setMessage("");
  F.setConnection(ui.connection, "connected", "Live"); // "Connected" would read as a second head count
  if (s.session) {
    if (s.session.title) ui.title.textContent = s.session.title;
    if (s.session.code) ui.code.textContent = s.session.code;
    if (s.session.join_url) {
      ui.joinUrl.textContent = s.session.join_url;
      ui.joinUrl.href = s.session.join_url;
    }
  }
  state.steps = Array.isArray(s.steps) ? s.steps.filter((step) => step && Number.isInteger(step.index)) : [];
  learnKinds(state.steps);
  loadAnswers(s.answers);
  loadThemes(s.themes);
  loadCharts(s.charts);
  state.revealed = typeof s.revealed === "string" ? s.revealed : null;
  state.quotes = Boolean(state.revealed && s.quotes);
  state.joinShown = Boolean(s.join_shown);
  state.participants = null;
  state.joined = 0;
  setPeople({ participants: s.participants, joined: s.joined });
  // The room controls' state, before the step is drawn (its cards and tags show it).
  state.locked = new Set(Array.isArray(s.locked) ? s.locked.filter(Number.isInteger) : []);
  state.spotlight = Number.isInteger(s.spotlight) ? s.spotlight : null;
  state.pacing = s.pacing === "self" ? "self" : "facilitator";
  setProgress(s.progress);
  state.step = null; // force a full render
  showStep(s.step);
  setTimer(s.timer);
  setClosing(s.closing);
  setWriting(s.writing);
  if (s.session && s.session.status === "ended") ended();
}

/** Over: the link state says so, and nobody is still writing for it. */
function ended() {
  setEnded();
  setWriting({});
  F.setConnection(ui.connection, "ended", "Ended");
}

function refused(ack) {
  state.hosted = false;
  setMessage(F.errorMessage(ack));
  F.setConnection(ui.connection, "reconnecting", "Not hosting");
  updateControls();
}

function listen(socket) {
  socket.on("connect", () => {
    F.setConnection(ui.connection, "connecting", "Connecting…"); // until `host` is acknowledged
  });
  socket.on("disconnect", () => {
    state.hosted = false;
    F.setConnection(ui.connection, "reconnecting", "Reconnecting…");
    updateControls();
  });
  socket.on("connect_error", () => {
    F.setConnection(ui.connection, "reconnecting", "Reconnecting…");
  });
  socket.on("step", (step) => {
    flushQueuedAnswers();
    showStep(step);
  });
  socket.on("answers", (data) => {
    if (data && Array.isArray(data.answers)) data.answers.forEach(queueAnswer);
  });
  socket.on("presence", setPeople);
  socket.on("writing", setWriting);
  socket.on("join", (data) => data && typeof data.shown === "boolean" && setJoinShown(data.shown));
  socket.on("themes", (event) => {
    const data = cleanThemes(event);
    if (!data) return;
    flushQueuedAnswers(); // themes name answers: show those first
    state.themes.set(data.question_id, data);
    renderThemes(data.question_id);
  });
  socket.on("chart", (event) => {
    const data = cleanChart(event);
    if (!data) return;
    flushQueuedAnswers(); // the counts follow the answers: show those first
    state.charts.set(data.question_id, data);
    renderChart(data.question_id);
  });
  socket.on("reveal", setRevealed);
  socket.on("ended", ended);
  // The room controls, from whichever host screen (or the server's timer) changed them.
  socket.on("timer", setTimer);
  socket.on("locked", (data) => data && setLocked(data.steps));
  socket.on("spotlight", (data) => data && setSpotlight(data.answer_id));
  socket.on("pacing", (data) => data && setPacing(data.mode));
  socket.on("progress", setProgress);
  socket.on("closing", setClosing);
}

// The bar stays in view: scrolling to a card or a focused control keeps clear of it.
if (typeof ResizeObserver === "function") {
  new ResizeObserver(() => {
    document.documentElement.style.setProperty("--bar-height", `${ui.bar.offsetHeight}px`);
  }).observe(ui.bar);
}

state.socket = hostSession({ session_id: sessionId }, { hosted, refused });
if (state.socket) listen(state.socket);
else setMessage("The live connection could not be loaded. Please reload the page.");
