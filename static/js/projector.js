/* Fulcrum: the projector page, the screen the whole room sees. It hosts the session as a
   "projector" view, so the server sends it the steps' public text, answer counts and, for
   a revealed question, scrubbed theme labels and sizes (and quotes when asked for) — never
   answers, and no themes of a question fewer than min_group people answered.
   What it shows (data-mode on #projector, styled in css/projector.css):
   - ended:  the closing screen;
   - join:   the big join screen, when the facilitator asks for it (`join`), before their
             first move (reached 0), or on the first step while nobody is connected;
   - spotlight: one answer, large, under its question (the facilitator's `spotlight`);
   - themes: the revealed question's prompt and themes;
   - chart:  the revealed scale's or choice's prompt and its answers as bars (projector/chart.js);
   - progress: in self pacing, how many people are on each step (no answers);
   - step:   the current step's questions with a live count each.
   Beside the join strip (every mode but join and ended) a card shows the step's timer, the
   end's grace period, or that the step is closed. */
import * as F from "./common.js";
import { hostSession } from "./host.js";
import { drawChart, isChart } from "./projector/chart.js";
import { fitting } from "./projector/fit.js";
import { drawProgress, readProgress } from "./projector/progress.js";
import { drawSpotlight } from "./projector/spotlight.js";
import { drawThemes } from "./projector/themes.js";
import { timerCard } from "./projector/timer.js";

const root = document.getElementById("projector");
const MIN_THEME_ANSWERS = Number(root.dataset.minThemeAnswers); // fewer make no themes (the server's rule)
const sessionId = Number(root.dataset.sessionId);
const $ = (id) => document.getElementById(id);
const progress = $("projector-step-progress");
const title = $("projector-step-title");
const status = $("projector-status");
const code = $("projector-code");
const questionList = $("projector-questions");
const guidance = $("projector-guidance");
const themesBox = $("projector-themes");
const themesTitle = $("projector-themes-title");
const themeParts = { box: themesBox, list: $("projector-theme-list"), note: $("projector-themes-note") };
const chartParts = { box: themesBox, chart: $("projector-chart"), note: themeParts.note };
const closing = $("projector-closing");
const spotlightBox = $("projector-spotlight");
const spotlightParts = { question: $("projector-spotlight-question"), text: $("projector-spotlight-text") };
const progressBox = $("projector-progress");
const progressParts = { list: $("projector-progress-list"), note: $("projector-progress-note") };
const refit = fitting([$("projector-stage"), themesBox, spotlightBox, progressBox]);
const clockCard = timerCard({ root: $("projector-timer"), label: $("projector-timer-label"), value: $("projector-timer-value") }, refit);

const room = {
  ended: false,
  participants: null,
  step: null,
  reached: 0, // the furthest step index the session has reached
  joinShown: false, // the facilitator's "Show join screen"
  revealed: null, // the question whose themes are shown, or null
  prompt: null, // its prompt (it may belong to an earlier step)
  counts: new Map(), // question id → answers so far
  themes: new Map(), // question id → its latest projector `themes` event
  charts: new Map(), // question id → its latest projector `chart` event (scales and choices)
  closing: false, // the end's grace period runs (its countdown: projector/timer.js)
  locked: new Set(), // closed step indices
  spotlight: null, // {text, question} or null
  selfPaced: false, // pacing "self": phones move on their own
  progress: new Map(), // step index → participants there (self pacing)
  titles: new Map(), // step index → title, as far as this screen knows them
};

function mode() {
  if (room.ended) return "ended";
  // While the session is closing nobody needs to join: the countdown shows instead.
  if (room.joinShown && !room.closing) return "join";
  if (room.spotlight) return "spotlight";
  if (room.revealed) return room.charts.has(room.revealed) ? "chart" : "themes";
  const step = room.step;
  if (room.selfPaced) return room.participants || room.closing ? "progress" : "join";
  // The lobby: before the first move, or on the first step while nobody is connected. A
  // worksheet without a purpose starts on a step with questions: those show once people are in.
  const lobby = !step || (step.index === 0 && !room.participants) || (room.reached === 0 && !step.questions.length);
  return lobby && !room.closing ? "join" : "step";
}

function render() {
  const now = mode();
  root.dataset.mode = now;
  root.dataset.strip = String(now !== "join" && now !== "ended"); // the slim join strip on top
  closing.hidden = now !== "ended";
  themesBox.hidden = now !== "themes" && now !== "chart";
  themesBox.dataset.kind = now === "chart" ? "chart" : "themes";
  spotlightBox.hidden = now !== "spotlight";
  progressBox.hidden = now !== "progress";
  showClock();
  refit();
}

function showClock() {
  clockCard.update({
    stepIndex: room.step ? room.step.index : null,
    selfPaced: room.selfPaced,
    stepClosed: Boolean(room.step && room.locked.has(room.step.index)),
    ended: room.ended,
  });
}

function setTimer(data) {
  clockCard.setTimer(data);
  showClock();
}

function setClosing(data) {
  clockCard.setClosing(data);
  room.closing = Boolean(data && typeof data === "object" && typeof data.ends_at === "string");
  render();
}

function setLocked(data) {
  const steps = Array.isArray(data) ? data : data && Array.isArray(data.steps) ? data.steps : [];
  room.locked = new Set(steps.filter(Number.isInteger));
  showClock();
}

function setSpotlight(data) {
  room.spotlight = drawSpotlight(spotlightParts, data) ? data : null;
  render();
}

function setPacing(data) {
  const value = typeof data === "string" ? data : data && data.mode;
  room.selfPaced = value === "self";
  showProgress();
  render();
}

function setProgress(data) {
  room.progress = readProgress(data);
  showProgress();
}

function showProgress() {
  if (!room.selfPaced) return;
  const count = room.step ? Number(room.step.count) || 0 : 0;
  const named = count > 0 && room.titles.size >= count; // all or none: a half-named list reads as broken
  drawProgress(progressParts, {
    counts: room.progress,
    count,
    title: (i) => (named && room.titles.get(i)) || "",
    participants: room.participants,
  });
  refit();
}

function showStep(step) {
  if (!step || typeof step !== "object") return;
  const questions = Array.isArray(step.questions) ? step.questions.filter((q) => q && typeof q === "object") : [];
  room.step = { ...step, index: Number(step.index) || 0, questions };
  room.reached = Math.max(room.reached, room.step.index);
  room.titles.set(room.step.index, String(step.title ?? ""));
  if (typeof step.locked === "boolean") {
    if (step.locked) room.locked.add(room.step.index);
    else room.locked.delete(room.step.index);
  }
  progress.textContent = `Step ${room.step.index + 1} of ${step.count}`;
  title.textContent = String(step.title ?? "");
  questionList.dataset.count = String(questions.length);
  questionList.replaceChildren(
    ...questions.map((q) =>
      F.el("li", { className: "projector-question" }, [
        F.el("p", { className: "projector-prompt", text: q.prompt }),
        F.el("p", { className: "projector-count", dataset: { countFor: q.id } }),
      ]),
    ),
  );
  // A step without questions (the purpose, the conclusion) shows its text instead.
  if (questions.length) guidance.replaceChildren();
  else F.paragraphs(guidance, step.guidance);
  showCounts();
  showThemes(); // the revealed prompt may come from this step
  showProgress();
  render();
}

function showCounts() {
  for (const node of questionList.querySelectorAll("[data-count-for]")) {
    const n = room.counts.get(node.dataset.countFor) || 0;
    node.dataset.none = String(n === 0);
    node.textContent = n ? F.plural(n, "answer", "answers") : "No answers yet";
  }
  refit();
}

function setCounts(map) {
  if (!map || typeof map !== "object") return;
  room.counts = new Map(Object.entries(map).filter(([, n]) => Number.isInteger(n) && n > 0));
  showCounts();
}

function showStatus() {
  const n = room.participants;
  status.textContent = typeof n === "number" ? `${F.plural(n, "person", "people")} connected` : "";
}

function showThemes() {
  if (!room.revealed) {
    themeParts.list.replaceChildren();
    chartParts.chart.replaceChildren();
    chartParts.chart.hidden = true;
    return;
  }
  const own = room.step && room.step.questions.find((q) => q.id === room.revealed);
  themesTitle.textContent = room.prompt || (own && own.prompt) || "Themes";
  const chart = room.charts.get(room.revealed);
  if (chart) {
    themeParts.list.replaceChildren();
    drawChart(chartParts, chart);
  } else {
    chartParts.chart.replaceChildren();
    chartParts.chart.hidden = true;
    drawThemes(themeParts, room.themes.get(room.revealed) || {}, MIN_THEME_ANSWERS);
  }
  refit();
}

function setThemes(event) {
  if (!event || typeof event !== "object" || typeof event.question_id !== "string") return;
  room.themes.set(event.question_id, event);
  if (event.question_id === room.revealed) showThemes();
}

function setChart(event) {
  if (!isChart(event)) return;
  room.charts.set(event.question_id, event);
  if (event.question_id === room.revealed) {
    showThemes();
    render(); // the first chart of a question shown as themes until now switches the mode
  }
}

function reveal(data) {
  room.revealed = data && typeof data.question_id === "string" ? data.question_id : null;
  room.prompt = room.revealed && typeof data.prompt === "string" ? data.prompt : null;
  if (room.revealed && data.themes && typeof data.themes === "object") room.themes.set(room.revealed, data.themes);
  // A scale's or choice's reveal carries its chart (counts or, below min_group, none);
  // a text question's carries none, and shows themes.
  if (room.revealed && isChart(data.chart) && data.chart.question_id === room.revealed) room.charts.set(room.revealed, data.chart);
  else if (room.revealed) room.charts.delete(room.revealed);
  showThemes();
  render();
}

function hosted(s) {
  if (s.session && s.session.code) code.textContent = s.session.code;
  room.participants = s.participants;
  room.ended = Boolean(s.session && s.session.status === "ended");
  room.reached = Number.isInteger(s.reached) ? s.reached : 0;
  room.joinShown = s.join_shown === true;
  room.themes.clear();
  room.charts.clear();
  if (s.themes && typeof s.themes === "object") {
    for (const [qid, event] of Object.entries(s.themes)) setThemes({ question_id: qid, ...event });
  }
  room.counts = new Map();
  setCounts(s.counts || {});
  // Step titles, if the state lists them: the progress bars are then named.
  if (Array.isArray(s.steps)) {
    for (const step of s.steps) if (step && Number.isInteger(step.index) && typeof step.title === "string") room.titles.set(step.index, step.title);
  }
  clockCard.setTimer(s.timer);
  clockCard.setClosing(s.closing);
  setLocked(s.locked);
  room.selfPaced = s.pacing === "self" || Boolean(s.pacing && s.pacing.mode === "self");
  room.progress = readProgress(s.progress);
  room.closing = Boolean(s.closing && typeof s.closing.ends_at === "string");
  room.spotlight = drawSpotlight(spotlightParts, s.spotlight) ? s.spotlight : null;
  showStatus();
  showStep(s.step);
  reveal({ question_id: s.revealed, prompt: s.prompt, chart: s.chart });
}

function listen(socket) {
  socket.on("step", showStep);
  socket.on("presence", (data) => {
    if (data && typeof data.participants === "number") {
      room.participants = data.participants;
      showStatus();
      showProgress();
      render();
    }
  });
  socket.on("ended", () => {
    room.ended = true;
    render();
  });
  socket.on("counts", setCounts);
  socket.on("join", (data) => {
    room.joinShown = Boolean(data && data.shown === true);
    render();
  });
  socket.on("themes", setThemes);
  socket.on("chart", setChart);
  socket.on("reveal", reveal);
  socket.on("timer", setTimer);
  socket.on("closing", setClosing);
  socket.on("locked", setLocked);
  socket.on("spotlight", setSpotlight);
  socket.on("pacing", setPacing);
  socket.on("progress", setProgress);
}

const socket = hostSession({ session_id: sessionId, view: "projector" }, {
  hosted,
  refused: (ack) => {
    status.textContent = F.errorMessage(ack);
  },
});
if (socket) listen(socket);
render();
