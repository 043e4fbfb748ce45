/* Self pacing on the projector: how many people are on each step (the `progress` push,
   {steps: [{index, participants}]}), as bars from the first step to the last, so the room
   sees the whole way and where it is spread. Counts only: never an answer, never who. */
import * as F from "../common.js";

function row(index) {
  return F.el("li", { className: "projector-progress-step", dataset: { index } }, [
    F.el("span", { className: "projector-progress-label" }),
    F.el("span", { className: "projector-progress-bar", attrs: { "aria-hidden": "true" } }, [
      F.el("span", { className: "projector-progress-fill" }),
    ]),
    F.el("span", { className: "projector-progress-count" }),
  ]);
}

/** Progress as {index → participants} from a push or the state (either shape). */
export function readProgress(data) {
  const steps = Array.isArray(data) ? data : data && Array.isArray(data.steps) ? data.steps : [];
  const counts = new Map();
  for (const s of steps) {
    if (s && Number.isInteger(s.index) && Number.isInteger(s.participants) && s.participants > 0) counts.set(s.index, s.participants);
  }
  return counts;
}

/**
 * counts: Map index → participants; count: how many steps; title(index): a step's title
 * (or ""); participants: connected now (for the note).
 */
export function drawProgress({ list, note }, { counts, count, title, participants }) {
  const total = Math.max(count || 0, ...Array.from(counts.keys(), (i) => i + 1));
  const placed = Array.from(counts.values()).reduce((a, b) => a + b, 0);
  // Bars are shares of the room, so three of five people never reads as everyone.
  const most = Math.max(1, placed, typeof participants === "number" ? participants : 0);
  const existing = new Map(Array.from(list.children, (li) => [li.dataset.index, li]));
  const items = [];
  let named = false;
  for (let i = 0; i < total; i += 1) {
    const li = existing.get(String(i)) || row(i);
    const n = counts.get(i) || 0;
    const name = title(i);
    named ||= Boolean(name);
    li.querySelector(".projector-progress-label").textContent = name ? `${i + 1} · ${name}` : `Step ${i + 1}`;
    li.querySelector(".projector-progress-count").textContent = String(n);
    li.querySelector(".projector-progress-fill").style.setProperty("--w", `${((n / most) * 100).toFixed(1)}%`);
    li.dataset.empty = String(n === 0);
    items.push(li);
  }
  list.replaceChildren(...items);
  list.dataset.named = String(named);
  const people = typeof participants === "number" ? participants : placed;
  note.textContent = people ? `${F.plural(people, "person", "people")} working through the steps` : "Nobody connected yet";
}
