/* Fulcrum: the projector page, the screen the whole room sees. It hosts the session as a
   "projector" view, so the server sends it the steps' public text, answer counts and, for
   a revealed question, scrubbed theme labels and sizes (and quotes when asked for) — never
   answers, and no themes of a question fewer than min_group people answered.
   What it shows (data-mode on #projector, styled in css/projector.css):
   - ended:  the closing screen;
   - join:   the big join screen, when the facilitator asks for it (`join`), before their
             first move (reached 0), or on the first step while nobody is connected;
   - themes: the revealed question's prompt and themes;
   - step:   the current step's questions with a live count each. */
import * as F from "./common.js";
import { hostSession } from "./host.js";
import { fitting } from "./projector/fit.js";
import { drawThemes } from "./projector/themes.js";

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
const closing = $("projector-closing");
const refit = fitting([$("projector-stage"), themesBox]);

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
};

function mode() {
  if (room.ended) return "ended";
  if (room.joinShown) return "join";
  if (room.revealed) return "themes";
  // The lobby: before the first move, or on the first step while nobody is connected. A
  // worksheet without a purpose starts on a step with questions: those show once people are in.
  const step = room.step;
  const lobby = !step || (step.index === 0 && !room.participants) || (room.reached === 0 && !step.questions.length);
  return lobby ? "join" : "step";
}

function render() {
  const now = mode();
  root.dataset.mode = now;
  closing.hidden = now !== "ended";
  themesBox.hidden = now !== "themes";
  refit();
}

function showStep(step) {
  if (!step || typeof step !== "object") return;
  const questions = Array.isArray(step.questions) ? step.questions.filter((q) => q && typeof q === "object") : [];
  room.step = { ...step, index: Number(step.index) || 0, questions };
  room.reached = Math.max(room.reached, room.step.index);
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
    return;
  }
  const own = room.step && room.step.questions.find((q) => q.id === room.revealed);
  themesTitle.textContent = room.prompt || (own && own.prompt) || "Themes";
  drawThemes(themeParts, room.themes.get(room.revealed) || {}, MIN_THEME_ANSWERS);
  refit();
}

function setThemes(event) {
  if (!event || typeof event !== "object" || typeof event.question_id !== "string") return;
  room.themes.set(event.question_id, event);
  if (event.question_id === room.revealed) showThemes();
}

function reveal(data) {
  room.revealed = data && typeof data.question_id === "string" ? data.question_id : null;
  room.prompt = room.revealed && typeof data.prompt === "string" ? data.prompt : null;
  if (room.revealed && data.themes && typeof data.themes === "object") room.themes.set(room.revealed, data.themes);
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
  if (s.themes && typeof s.themes === "object") {
    for (const [qid, event] of Object.entries(s.themes)) setThemes({ question_id: qid, ...event });
  }
  room.counts = new Map();
  setCounts(s.counts || {});
  showStatus();
  showStep(s.step);
  reveal({ question_id: s.revealed, prompt: s.prompt });
}

function listen(socket) {
  socket.on("step", showStep);
  socket.on("presence", (data) => {
    if (data && typeof data.participants === "number") {
      room.participants = data.participants;
      showStatus();
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
  socket.on("reveal", reveal);
}

const socket = hostSession({ session_id: sessionId, view: "projector" }, {
  hosted,
  refused: (ack) => {
    status.textContent = F.errorMessage(ack);
  },
});
if (socket) listen(socket);
render();
