/* Fulcrum: the projector page. Hosts the session like the dashboard, but only shows
   how to join, the current step's title and, when the facilitator reveals a question,
   its themes as labelled bars (never answers, examples or ids). It hosts as a "projector"
   view, so the server sends it scrubbed labels and sizes only, and no themes at all for a
   question fewer than min_group people answered: then it says how many more are needed. */
import * as F from "./common.js";
import { hostSession } from "./host.js";

const root = document.getElementById("projector");
const MAX_THEMES = 8;
const MIN_THEME_ANSWERS = Number(root.dataset.minThemeAnswers); // fewer make no themes (the server's rule)
const sessionId = Number(root.dataset.sessionId);
const progress = document.getElementById("projector-step-progress");
const title = document.getElementById("projector-step-title");
const status = document.getElementById("projector-status");
const code = document.getElementById("projector-code");
const themesBox = document.getElementById("projector-themes");
const themesTitle = document.getElementById("projector-themes-title");
const themeList = document.getElementById("projector-theme-list");
const themesNote = document.getElementById("projector-themes-note");
const closing = document.getElementById("projector-closing");
let ended = false;
let participants = null;
let currentStep = null;
let revealed = null; // the question whose themes are shown, or null
const themes = new Map(); // question id → its latest `themes` event

function showStep(step) {
  if (!step || typeof step !== "object") return;
  currentStep = { ...step, questions: Array.isArray(step.questions) ? step.questions : [] };
  progress.textContent = `Step ${step.index + 1} of ${step.count}`;
  title.textContent = step.title;
  showThemes(); // the revealed question's prompt is only known while its step is on
}

function showStatus() {
  // The end gets a closing screen of its own: no join code, no counts (CSS hides the rest).
  root.dataset.ended = String(ended);
  closing.hidden = !ended;
  if (ended) {
    status.textContent = "";
  } else if (typeof participants === "number") {
    status.textContent = participants === 1 ? "1 person connected" : `${participants} people connected`;
  } else {
    status.textContent = "";
  }
}

function themeItem(id) {
  return F.el("li", { className: "projector-theme", dataset: { themeId: id } }, [
    F.el("span", { className: "projector-theme-label" }),
    F.el("span", { className: "projector-theme-bar", attrs: { "aria-hidden": "true" } }, [
      F.el("span", { className: "projector-theme-fill" }),
    ]),
    F.el("span", { className: "projector-theme-size" }),
  ]);
}

function showThemes() {
  root.dataset.revealed = revealed ? "true" : "false";
  themesBox.hidden = !revealed;
  if (!revealed) {
    themeList.replaceChildren();
    return;
  }
  const question = currentStep && currentStep.questions.find((q) => q.id === revealed);
  themesTitle.textContent = question ? question.prompt : "Themes";

  const data = themes.get(revealed) || {};
  const answers = Number(data.answers) || 0;
  // The server withholds themes under the group size; refuse them here too, in case.
  const waiting = Math.max(Number(data.waiting) || 0, (Number(data.min_group) || 0) - answers);
  const all = waiting > 0 ? [] : (Array.isArray(data.themes) ? data.themes : []).filter((t) => t && typeof t === "object");
  const shown = all.slice(0, MAX_THEMES);
  themesBox.dataset.waiting = String(waiting > 0);

  // Reuse items by theme id, so bars grow smoothly instead of blinking.
  const existing = new Map(Array.from(themeList.children, (li) => [li.dataset.themeId, li]));
  const items = shown.map((t) => {
    const id = String(t.id);
    const li = existing.get(id) || themeItem(id);
    const size = Number(t.size) || 0;
    li.dataset.color = String(F.themeColor(t.color));
    li.querySelector(".projector-theme-label").textContent = String(t.label ?? "");
    li.querySelector(".projector-theme-size").textContent = String(size);
    const share = answers > 0 ? Math.min(100, (size / answers) * 100) : 0;
    li.querySelector(".projector-theme-fill").style.setProperty("--w", `${share.toFixed(1)}%`);
    return li;
  });
  for (const li of Array.from(themeList.children)) if (!items.includes(li)) li.remove();
  items.forEach((li, i) => {
    if (themeList.children[i] !== li) themeList.insertBefore(li, themeList.children[i] || null);
  });

  const notes = [];
  if (waiting > 0) {
    notes.push(`Waiting for ${F.plural(waiting, "more answer", "more answers")}`);
  } else if (shown.length === 0) {
    notes.push(answers < MIN_THEME_ANSWERS
      ? `Themes appear once there are ${F.plural(MIN_THEME_ANSWERS, "answer", "answers")}.`
      : "No clear themes yet.");
  } else {
    notes.push(F.plural(answers, "answer", "answers"));
    const more = all.length - shown.length;
    if (more > 0) notes.push(`and ${F.plural(more, "smaller theme", "smaller themes")}`);
  }
  themesNote.textContent = notes.join(" · ");
}

function setThemes(event) {
  if (!event || typeof event !== "object" || typeof event.question_id !== "string") return;
  themes.set(event.question_id, event);
  if (event.question_id === revealed) showThemes();
}

function hosted(s) {
  if (s.session && s.session.code) code.textContent = s.session.code;
  participants = s.participants;
  ended = Boolean(s.session && s.session.status === "ended");
  themes.clear();
  if (s.themes && typeof s.themes === "object") {
    for (const [qid, event] of Object.entries(s.themes)) setThemes({ question_id: qid, ...event });
  }
  revealed = typeof s.revealed === "string" ? s.revealed : null;
  showStep(s.step);
  showStatus();
}

function listen(socket) {
  socket.on("step", showStep);
  socket.on("presence", (data) => {
    if (data && typeof data.participants === "number") {
      participants = data.participants;
      showStatus();
    }
  });
  socket.on("ended", () => {
    ended = true;
    showStatus();
  });
  socket.on("themes", setThemes);
  socket.on("reveal", (data) => {
    revealed = data && typeof data.question_id === "string" ? data.question_id : null;
    if (revealed && data.themes && typeof data.themes === "object") themes.set(revealed, data.themes);
    showThemes();
  });
}

const socket = hostSession({ session_id: sessionId, view: "projector" }, {
  hosted,
  refused: (ack) => {
    status.textContent = F.errorMessage(ack);
  },
});
if (socket) listen(socket);
