/* Is the room done? The bar's connected count, and per question "n of N connected answered"
   (N = phones connected now, so a finished question reads "30 of 30"; "· 4 private · 2 to
   you" when some kept their answer or sent it only here) with "3 writing…",
   in the question tabs and the focused question's head. */
import * as F from "../common.js";
import { setText } from "./dom.js";
import { updateEndDialog } from "./ending.js";
import { state, ui } from "./state.js";

/** Presence from the host ack or a push: {participants, joined}. */
export function setPeople(data) {
  if (!data || typeof data !== "object") return;
  if (typeof data.participants === "number") state.participants = data.participants;
  if (typeof data.joined === "number") state.joined = data.joined;
  renderPeople();
  renderProgress();
}

/** The `writing` map ({question_id: count}, only questions someone is writing). */
export function setWriting(map) {
  state.writing.clear();
  if (map && typeof map === "object") {
    for (const [qid, n] of Object.entries(map)) {
      if (Number.isInteger(n) && n > 0) state.writing.set(qid, n);
    }
  }
  renderProgress();
  updateEndDialog(); // it says how many answers would be lost
}

/** Answers still being written on phones, across every question. */
export function writingTotal() {
  let total = 0;
  for (const n of state.writing.values()) total += n;
  return total;
}

function renderPeople() {
  if (state.participants === null) return;
  const others = state.joined - state.participants; // joined once, not connected now
  setText(ui.participants, others > 0
    ? `${state.participants} connected · ${state.joined} joined`
    : `${state.participants} connected`);
}

export function answeredText(n) {
  const connected = state.participants;
  if (connected === null) return `${n} answered`;
  if (connected === 0) return n ? `${n} answered · nobody connected now` : "Nobody connected yet";
  if (n > connected) return `${n} answered · ${connected} connected now`; // some answered, then left
  return `${n} of ${connected} connected answered`;
}

export function writingText(qid) {
  const n = state.writing.get(qid) || 0;
  return n ? `${n} writing…` : "";
}

/** Per question: {all, private, facilitator} — everyone who answered, whatever they shared. */
function answerCounts() {
  const counts = new Map();
  for (const a of state.answers.values()) {
    const c = counts.get(a.question_id) || { all: 0, private: 0, facilitator: 0 };
    c.all += 1;
    if (a.share === "private" || a.share === "facilitator") c[a.share] += 1;
    counts.set(a.question_id, c);
  }
  return counts;
}

/** " · 4 private · 2 to you": how many kept their answer to themselves, or sent it only here
    (each part wraps as one, never "2 to" | "you"). */
export function levelsText(c) {
  return (c.private ? ` · ${c.private}\u00a0private` : "") + (c.facilitator ? ` · ${c.facilitator}\u00a0to\u00a0you` : "");
}

/** Redraw every progress line of the current step's questions (tabs and heads). */
export function renderProgress() {
  if (!state.step) return;
  const counts = answerCounts();
  for (const q of state.step.questions) {
    const c = counts.get(q.id) || { all: 0, private: 0, facilitator: 0 };
    const n = c.all;
    const connected = state.participants || 0;
    const share = connected ? Math.min(100, (n / connected) * 100) : 0;
    const done = connected > 0 && n >= connected;
    const writing = writingText(q.id);
    for (const holder of document.querySelectorAll(`[data-progress-for="${CSS.escape(q.id)}"]`)) {
      holder.classList.toggle("is-done", done);
      setText(holder.querySelector(".answered"), answeredText(n) + levelsText(c));
      const writer = holder.querySelector(".writing");
      setText(writer, writing);
      writer.hidden = !writing;
      const fill = holder.querySelector(".meter-fill");
      if (fill) fill.style.setProperty("--w", `${share.toFixed(1)}%`);
    }
  }
}

/** A progress line: the answered count, a meter (decoration: the text says it), who is writing. */
export function progressLine(qid, countFor) {
  return F.el("span", { className: "progress", dataset: { progressFor: qid } }, [
    F.el("span", { className: "answered", dataset: countFor ? { countFor: qid } : {} }),
    F.el("span", { className: "meter", attrs: { "aria-hidden": "true" } }, [F.el("span", { className: "meter-fill" })]),
    F.el("span", { className: "writing", attrs: { hidden: true } }),
  ]);
}
