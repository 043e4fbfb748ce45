/* The dashboard's page and what this screen knows of the room: its elements, the room's
   state as last heard, the server's limits, and small lookups over the answers. */
import * as F from "../common.js";

export const root = document.getElementById("dashboard");
export const sessionId = Number(root.dataset.sessionId);

/** The server's limits, from the page (server/web/facilitator.py): never repeated here. */
export const limits = {
  minThemeAnswers: Number(root.dataset.minThemeAnswers), // fewer answers make no themes
  maxLabel: Number(root.dataset.maxLabel), // theme names
};
const $ = (id) => document.getElementById(id);
export const ui = {
  title: $("session-title"),
  code: $("room-code"),
  joinUrl: $("join-url"),
  participants: $("participant-count"),
  connection: $("connection"),
  message: $("dash-message"),
  endedBanner: $("ended-banner"),
  endForm: $("end-form"),
  endButton: $("end-session"),
  endDialog: $("end-dialog"),
  endWriting: $("end-dialog-writing"),
  endCancel: $("end-cancel"),
  endConfirm: $("end-confirm"),
  bar: $("dash-bar"),
  stepMenu: $("step-menu"),
  stepList: $("step-list"),
  progress: $("step-progress"),
  stepTitle: $("step-title"),
  guidanceBox: $("guidance-box"),
  guidance: $("step-guidance"),
  readAlong: $("read-along"),
  tabs: $("question-tabs"),
  questions: $("questions"),
  showJoin: $("show-join"),
  prev: $("prev-step"),
  next: $("next-step"),
  revealNote: $("reveal-note"),
  revealNoteText: $("reveal-note-text"),
  revealOff: $("reveal-off"),
  stepClosed: $("step-closed"),
  // The room controls (issue 13): timer, closing the step, pacing, spotlight, the shortcuts.
  barControls: $("bar-controls"),
  timerBox: $("bar-timer"),
  timerMenu: $("timer-menu"),
  timerButton: $("timer-button"),
  timerLabel: $("timer-label"),
  timerTotal: $("timer-total"),
  timerSr: $("timer-sr"),
  timerPresets: $("timer-presets"),
  timerCustom: $("timer-custom"),
  timerMinutes: $("timer-minutes"),
  timerLock: $("timer-lock"),
  timerMenuRunning: $("timer-menu-running"),
  timerMenuAdd: $("timer-menu-add"),
  timerMenuClear: $("timer-menu-clear"),
  timerError: $("timer-error"),
  timerAdd: $("timer-add"),
  timerClear: $("timer-clear"),
  lockStep: $("lock-step"),
  pacing: $("pacing"),
  paceStrip: $("pace-strip"),
  paceList: $("pace-list"),
  spotlightNote: $("spotlight-note"),
  spotlightText: $("spotlight-text"),
  spotlightOff: $("spotlight-off"),
  closingStatus: $("closing-status"),
  closingTime: $("closing-time"),
  endGrace: $("end-grace"),
  endError: $("end-error"),
  endTitle: $("end-dialog-title"),
  endText: $("end-dialog-text"),
  endGraceText: $("end-dialog-grace"),
  shortcutsOpen: $("shortcuts-open"),
  shortcutsDialog: $("shortcuts-dialog"),
  shortcutsClose: $("shortcuts-close"),
};

export const state = {
  socket: null,
  hosted: false,
  busy: false,
  ended: root.dataset.status === "ended",
  steps: [],
  step: null,
  answers: new Map(), // answer id → {id, question_id, text, at, seq, hidden}
  seq: 0, // newest answer (or revision) has the highest seq
  guidanceOpen: false, // the facilitator's choice for steps with questions
  themes: new Map(), // question id → its latest `themes` event (cleaned)
  charts: new Map(), // question id → its latest `chart` event (cleaned): scale and choice questions
  expanded: new Map(), // question id → the id (string) of the theme shown open
  unthemedOpen: new Set(), // question ids whose unthemed answers are listed
  // Editing themes like sorting sticky notes (issue 15): theme-select, theme-drag, theme-history.
  selected: new Map(), // question id → Set of the answer ids (strings) ticked for an edit
  sorting: new Set(), // question ids whose themes panel shows the board (every theme's answers)
  dragging: null, // the question whose board is being dragged in: its redraws wait for the drop
  boardOrder: new Map(), // question id → theme ids in the board's column order while sorting
  editing: new Set(), // question ids with a theme edit of this screen in flight (theme-send.js)
  ownPush: new Set(), // question ids whose next history change is this screen's own edit
  revealed: null, // the question whose themes (or chart) the projector shows
  quotes: false, // …with quotes from the answers
  joinShown: false, // the projector shows the big join screen
  participants: null, // phones connected now (null until the server says)
  joined: 0, // participants who ever joined this session
  writing: new Map(), // question id → how many phones are writing an answer to it now
  focused: new Map(), // step index → the question in focus on that step
  prompts: new Map(), // question id → prompt, for every step seen
  kinds: new Map(), // question id → "text" | "scale" | "choice", for every step listed or seen
  pendingFocus: null, // {qid, ready(), targets: [() => node]}: once ready(), the first target in view takes focus
  timer: null, // {endsAt, seconds, lock, index, left()}: the running timer, as last pushed
  locked: new Set(), // indices of closed steps
  spotlight: null, // the id of the answer on the projector's spotlight
  pacing: "facilitator", // or "self": every phone moves on its own
  closing: null, // {left()}: the session ends when it reaches zero
  progress: new Map(), // step index → phones on it (self-paced)
};

export function setMessage(text) {
  ui.message.textContent = text || "";
}

/** A modal (the End question, the shortcuts) is open: the page's keys are not for the page then. */
export function modalOpen() {
  return Boolean(document.querySelector("dialog[open]"));
}

/** Is the keyboard in a field that takes letters (so the page's letter keys are not for the
    page)? A checkbox or a button does not: an answer card's box still lets the shortcuts work. */
export function typingIn(target) {
  if (!target || !target.tagName) return false;
  if (target.isContentEditable || target.tagName === "TEXTAREA" || target.tagName === "SELECT") return true;
  return target.tagName === "INPUT" && !["checkbox", "radio", "button", "submit", "reset"].includes(target.type);
}

/** The step a question belongs to. Question ids are "s<step index>q<n>" (docs/worksheets.md). */
export function stepOfQuestion(qid) {
  if (state.step && state.step.questions.some((q) => q.id === qid)) return state.step.index;
  const match = /^s(\d+)q\d+$/.exec(qid);
  return match ? Number(match[1]) : null;
}

/** A question's answers this screen holds, newest first: every level, or one (`share`:
    "group", the room's; "facilitator", sent only to this screen; "private", markers). */
export function answersFor(qid, share = null) {
  return Array.from(state.answers.values())
    .filter((a) => a.question_id === qid && (share === null || a.share === share))
    .sort((a, b) => b.seq - a.seq);
}

export function countText(n) {
  return F.plural(n, "answer", "answers");
}
