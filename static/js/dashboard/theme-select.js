/* Selecting answers in a themes panel, like picking up sticky notes: a box on each answer card
   (shift-click ticks a range), and the selection bar: "New theme from selection" (theme_new),
   "Move to…" (theme_move with answer_ids, one undo step) and, when they all share one theme,
   "Split into new theme" (theme_split). Success clears the selection; a refusal keeps it and
   says why. Keys on a focused card: Alt+ArrowUp / Alt+ArrowDown move it (with the selection,
   if it is selected) to the previous / next theme (in the board's order), Other last; M selects
   it and opens "Move to…". Every edit is sent by theme-send.js (one at a time per question). */
import * as F from "../common.js";
import { setOptions, setText } from "./dom.js";
import { setMessage, state, ui } from "./state.js";
import { editFailed, editing, markBusy, sendEdit } from "./theme-send.js";
import { findTheme, panelFor, placeOf, renderThemes, setThemesStatus, themeOrder, themesFor } from "./themes.js";

function selectedOf(qid) {
  if (!state.selected.has(qid)) state.selected.set(qid, new Set());
  return state.selected.get(qid);
}

/** The answers a drag or key move takes: the selection when the card is part of it. */
export function movingIds(qid, answerId) {
  const selected = selectedOf(qid);
  return selected.has(answerId) ? [...selected] : [answerId];
}

export function selectionBar(qid) {
  const moveId = `selection-move-${qid}`;
  return F.el("div", { className: "theme-selection", attrs: { role: "group", "aria-label": "Selected answers", hidden: true } }, [
    F.el("p", { className: "selection-count" }),
    F.el("div", { className: "selection-actions" }, [
      F.el("button", { className: "button button-primary selection-new", text: "New theme from selection", attrs: { type: "button" } }),
      F.el("button", { className: "button selection-split", text: "Split into new theme", attrs: { type: "button", hidden: true } }),
      F.el("form", { className: "selection-move" }, [
        F.el("label", { className: "visually-hidden", text: "Move the selected answers to", attrs: { for: moveId } }),
        F.el("select", { className: "input", attrs: { id: moveId, name: "to" } }),
        F.el("button", { className: "button", text: "Move", attrs: { type: "submit" } }),
      ]),
      F.el("button", { className: "button selection-clear", text: "Clear selection", attrs: { type: "button" } }),
    ]),
    F.el("p", { className: "selection-error", attrs: { role: "alert" } }),
  ]);
}

/** The one theme every selected answer is in (its id), or null. */
function sharedTheme(qid, ids) {
  const places = new Set(ids.map((id) => placeOf(qid, id)));
  const [only] = places;
  return places.size === 1 && only && only !== "none" ? only : null;
}

/** Draw the selection bar (answers that left the panel's lists leave the selection). */
export function renderSelection(panel, qid, themes, other) {
  const selected = selectedOf(qid);
  const present = new Set([...themes.flatMap((t) => t.answerIds), ...other]);
  for (const id of selected) if (!present.has(id)) selected.delete(id);
  const bar = panel.querySelector(".theme-selection");
  bar.hidden = selected.size === 0;
  if (bar.hidden) {
    setText(bar.querySelector(".selection-error"), "");
    return;
  }
  const ids = [...selected];
  setText(bar.querySelector(".selection-count"), `${F.plural(ids.length, "answer", "answers")} selected`);
  const shared = sharedTheme(qid, ids);
  const theme = shared && themes.find((t) => t.id === shared);
  bar.querySelector(".selection-split").hidden = !(theme && ids.length < theme.answerIds.length);
  setOptions(bar.querySelector("select[name=to]"), [...themeOrder(qid, themes).map((t) => [t.id, t.label]), ["none", "Other (no theme)"]], "Move to…");
  for (const button of bar.querySelectorAll(".selection-new, .selection-split, .selection-move button")) markBusy(button, editing(qid));
}

/** A refusal: said in the selection bar while it shows (the selection stays, to try again). */
function failed(qid, what, ack) {
  const panel = panelFor(qid);
  const bar = panel && panel.querySelector(".theme-selection");
  editFailed(what, ack, bar && !bar.hidden ? bar.querySelector(".selection-error") : undefined);
}

function cardBox(qid, answerId) {
  const panel = panelFor(qid);
  if (!panel || !answerId) return null;
  const boxes = panel.querySelectorAll(`input.answer-check[data-answer-id="${CSS.escape(answerId)}"]`);
  return Array.from(boxes).find((box) => !box.closest("[hidden]")) || null;
}

/** Was the keyboard in this panel when the edit was asked for? (Then it stays there.) */
function focusIn(qid) {
  const panel = panelFor(qid);
  return Boolean(panel && panel.contains(document.activeElement));
}

/** The answers next to `card` in its list that stay there when `ids` leave: where the
    keyboard goes when the moved card is not in view any more (say, into a closed theme). */
function neighbours(card, ids) {
  const stay = (node) => node && !ids.includes(node.dataset.answerId);
  let next = card && card.nextElementSibling;
  while (next && !stay(next)) next = next.nextElementSibling;
  let prev = card && card.previousElementSibling;
  while (prev && !stay(prev)) prev = prev.previousElementSibling;
  return [next, prev].map((node) => (node ? node.dataset.answerId : null));
}

/** An edit succeeded: the selection goes, and (if the keyboard was in the panel) focus goes
    to the first answer edited once the push shows it where it went, or (not in view there)
    to the card beside it, else to Undo. */
function succeeded(qid, text, keyboard, ready, answerId, near = []) {
  selectedOf(qid).clear();
  setMessage("");
  setThemesStatus(qid, text);
  if (keyboard) {
    const undo = () => panelFor(qid) && panelFor(qid).querySelector("button.theme-undo");
    state.pendingFocus = { qid, ready, targets: [answerId, ...near].map((id) => () => cardBox(qid, id)).concat(undo) };
  }
  renderThemes(qid);
}

/** Move answers to a theme ("none": Other), from the card `card` (the one dragged, keyed or
    whose "Move to…" was used, if any); resolves to the ack, or null if nothing was sent. The
    one way answers move: the selection bar, the keys, a drop and a card's own select. */
export async function moveAnswers(qid, ids, to, card = null) {
  const themeId = to === "none" ? null : Number(to);
  const payload = ids.length === 1 ? { answer_id: Number(ids[0]), theme_id: themeId } : { answer_ids: ids.map(Number), theme_id: themeId };
  const target = to === "none" ? null : findTheme(qid, to);
  const keyboard = focusIn(qid);
  const near = neighbours(card, ids);
  const ack = await sendEdit(qid, "theme_move", payload);
  if (!ack) return null;
  if (!ack.ok) {
    failed(qid, ids.length === 1 ? "move the answer" : "move the answers", ack);
    return ack;
  }
  const panel = panelFor(qid);
  const moveTo = panel && panel.querySelector(".theme-selection select[name=to]");
  if (moveTo) moveTo.value = ""; // the next move starts from "Move to…" again
  const what = F.plural(ids.length, "answer", "answers");
  succeeded(qid, target ? `Moved ${what} to “${target.label}”.` : `Moved ${what} to Other.`, keyboard,
    () => placeOf(qid, ids[0]) === to, ids[0], near);
  return ack;
}

async function newTheme(qid) {
  const ids = [...selectedOf(qid)];
  const keyboard = focusIn(qid);
  const ack = await sendEdit(qid, "theme_new", { answer_ids: ids.map(Number) });
  if (!ack) return;
  if (!ack.ok) return failed(qid, "make a new theme", ack);
  const made = String(ack.theme_id);
  if (ack.theme_id !== undefined && !state.sorting.has(qid)) state.expanded.set(qid, made); // show it
  succeeded(qid, `Made a new theme of ${F.plural(ids.length, "answer", "answers")}.`, keyboard,
    () => placeOf(qid, ids[0]) === made, ids[0]);
}

async function splitTheme(qid) {
  const ids = [...selectedOf(qid)];
  const themeId = sharedTheme(qid, ids);
  if (!themeId) return;
  const from = findTheme(qid, themeId);
  const keyboard = focusIn(qid);
  const ack = await sendEdit(qid, "theme_split", { theme_id: Number(themeId), answer_ids: ids.map(Number) });
  if (!ack) return;
  if (!ack.ok) return failed(qid, "split the theme", ack);
  const made = String(ack.theme_id);
  if (ack.theme_id !== undefined && !state.sorting.has(qid)) state.expanded.set(qid, made);
  succeeded(qid, from ? `Split ${F.plural(ids.length, "answer", "answers")} off “${from.label}”.` : "Split the theme.", keyboard,
    () => placeOf(qid, ids[0]) === made, ids[0]);
}

let anchor = null; // {qid, list, id}: the last box ticked by hand, for shift-click ranges

function pick(box, shift) {
  const qid = box.closest("section.themes-panel").dataset.themesFor;
  const selected = selectedOf(qid);
  const list = box.closest("ul");
  let ids = [box.dataset.answerId];
  if (shift && anchor && anchor.qid === qid && anchor.list === list && list.isConnected) {
    const all = Array.from(list.querySelectorAll("input.answer-check")).map((b) => b.dataset.answerId);
    const [a, b] = [all.indexOf(anchor.id), all.indexOf(box.dataset.answerId)].sort((x, y) => x - y);
    if (a >= 0) ids = all.slice(a, b + 1);
  }
  for (const id of ids) {
    if (box.checked) selected.add(id);
    else selected.delete(id);
  }
  anchor = { qid, list, id: box.dataset.answerId };
  renderThemes(qid);
}

ui.questions.addEventListener("click", (event) => {
  const box = event.target.closest("input.answer-check");
  if (box) {
    pick(box, event.shiftKey);
    return;
  }
  const bar = event.target.closest(".theme-selection");
  if (!bar) return;
  const qid = bar.closest("section.themes-panel").dataset.themesFor;
  if (event.target.closest("button.selection-new")) newTheme(qid);
  else if (event.target.closest("button.selection-split")) splitTheme(qid);
  else if (event.target.closest("button.selection-clear")) {
    selectedOf(qid).clear();
    renderThemes(qid); // the bar hides: the keyboard goes back to the answers
    const panel = panelFor(qid);
    const back = (lastCard.get(qid) && cardBox(qid, lastCard.get(qid)))
      || Array.from(panel.querySelectorAll("input.answer-check")).find((b) => !b.closest("[hidden]"));
    if (back) back.focus();
  }
});

const lastCard = new Map(); // question id → the answer whose card last had the focus

ui.questions.addEventListener("focusin", (event) => {
  const box = event.target.closest("input.answer-check");
  if (box) lastCard.set(box.closest("section.themes-panel").dataset.themesFor, box.dataset.answerId);
});

ui.questions.addEventListener("submit", (event) => {
  const form = event.target;
  if (!form.matches("form.selection-move")) return;
  event.preventDefault();
  const qid = form.closest("section.themes-panel").dataset.themesFor;
  const to = form.querySelector("select[name=to]").value;
  if (!to) {
    setText(form.closest(".theme-selection").querySelector(".selection-error"), "Choose where to move them.");
    return;
  }
  moveAnswers(qid, [...selectedOf(qid)], to);
});

// The keyboard alternative to every drag, on a focused card's box.
ui.questions.addEventListener("keydown", (event) => {
  const box = event.target.closest("input.answer-check");
  if (!box || event.defaultPrevented || event.ctrlKey || event.metaKey) return;
  const panel = box.closest("section.themes-panel");
  const qid = panel.dataset.themesFor;
  const id = box.dataset.answerId;
  if (event.altKey && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
    event.preventDefault();
    if (event.repeat) return; // a held key moves once, not once per repeat
    const order = [...themeOrder(qid, themesFor(qid).themes).map((t) => t.id), "none"];
    const at = order.indexOf(placeOf(qid, id));
    const to = order[at + (event.key === "ArrowDown" ? 1 : -1)];
    if (at < 0 || to === undefined) {
      setThemesStatus(qid, event.key === "ArrowDown" ? "It is already in the last place (Other)." : "It is already in the first theme.");
      return;
    }
    moveAnswers(qid, movingIds(qid, id), to, box.closest("li.theme-answer"));
  } else if (!event.altKey && !event.shiftKey && (event.key === "m" || event.key === "M")) {
    event.preventDefault();
    selectedOf(qid).add(id);
    renderThemes(qid);
    panel.querySelector(".theme-selection select[name=to]").focus();
  }
});
