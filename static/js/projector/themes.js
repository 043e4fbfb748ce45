/* Fulcrum projector: a revealed question's themes as big labelled bars, with the quotes
   the server sent (only when the facilitator asked for them and the question has enough
   answers; scrubbed on the server). Text only ever goes in through textContent. */
import * as F from "../common.js";

const MAX_THEMES = 8;
const MAX_QUOTED_THEMES = 4; // with quotes, fewer themes, so each stays readable

function themeItem(id) {
  return F.el("li", { className: "projector-theme", dataset: { themeId: id } }, [
    F.el("span", { className: "projector-theme-label" }),
    F.el("span", { className: "projector-theme-bar", attrs: { "aria-hidden": "true" } }, [
      F.el("span", { className: "projector-theme-fill" }),
    ]),
    F.el("span", { className: "projector-theme-size" }),
    F.el("ul", { className: "projector-quotes", attrs: { "aria-label": "Quotes" } }),
  ]);
}

function quotesOf(theme) {
  return Array.isArray(theme.quotes) ? theme.quotes.filter((q) => typeof q === "string" && q.trim()) : [];
}

/**
 * Draw `data` (a projector `themes` event, or {} before one came) into `list` and `note`;
 * `box` gets data-waiting. minThemeAnswers: the server's threshold below which no themes exist.
 */
export function drawThemes({ box, list, note }, data, minThemeAnswers) {
  const answers = Number(data.answers) || 0;
  // The server withholds themes under the group size; refuse them here too, in case.
  const waiting = Math.max(Number(data.waiting) || 0, (Number(data.min_group) || 0) - answers);
  const all = waiting > 0 ? [] : (Array.isArray(data.themes) ? data.themes : []).filter((t) => t && typeof t === "object");
  const quoted = all.some((t) => quotesOf(t).length > 0);
  const shown = all.slice(0, quoted ? MAX_QUOTED_THEMES : MAX_THEMES);
  box.dataset.waiting = String(waiting > 0);
  box.dataset.quotes = String(quoted);

  // Reuse items by theme id, so bars grow smoothly instead of blinking.
  const existing = new Map(Array.from(list.children, (li) => [li.dataset.themeId, li]));
  const items = shown.map((t) => {
    const id = String(t.id);
    const li = existing.get(id) || themeItem(id);
    const size = Number(t.size) || 0;
    li.dataset.color = String(F.themeColor(t.color));
    li.querySelector(".projector-theme-label").textContent = String(t.label ?? "");
    li.querySelector(".projector-theme-size").textContent = String(size);
    const share = answers > 0 ? Math.min(100, (size / answers) * 100) : 0;
    li.querySelector(".projector-theme-fill").style.setProperty("--w", `${share.toFixed(1)}%`);
    li.querySelector(".projector-quotes").replaceChildren(
      ...quotesOf(t).map((q) => F.el("li", { className: "projector-quote", text: `“${q.trim()}”` })),
    );
    return li;
  });
  for (const li of Array.from(list.children)) if (!items.includes(li)) li.remove();
  items.forEach((li, i) => {
    if (list.children[i] !== li) list.insertBefore(li, list.children[i] || null);
  });

  const notes = [];
  if (waiting > 0) {
    // Say the threshold and the count so far: "waiting for 1 more" reads as "nearly done".
    notes.push(`Themes appear from ${F.plural(answers + waiting, "answer", "answers")} · ${answers} so far`);
  } else if (shown.length === 0) {
    notes.push(answers < minThemeAnswers
      ? `Themes appear once there are ${F.plural(minThemeAnswers, "answer", "answers")}.`
      : "No clear themes yet.");
  } else {
    notes.push(F.plural(answers, "answer", "answers"));
    const more = all.length - shown.length;
    if (more > 0) notes.push(`and ${F.plural(more, "smaller theme", "smaller themes")}`);
  }
  note.textContent = notes.join(" · ");
}
