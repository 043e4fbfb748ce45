/* The dashboard's themes panel of each question: the latest `themes` push, cleaned, drawn in
   place as labelled bars (the open theme, focus and drafts are kept) with "Other" last, or the
   words used most while there are too few answers. Under the session's group size themes stay
   hidden here too. Its edit row (sort, undo, redo, regroup), selection bar and board of every
   theme's answers are drawn by theme-history, theme-select and theme-board. */
import * as F from "../common.js";
import { reconcile, setText } from "./dom.js";
import { updateReveal } from "./reveal.js";
import { answersFor, countText, limits, state, ui } from "./state.js";
import { renderBoard } from "./theme-board.js";
import { fillAnswers, updateDetail } from "./theme-detail.js";
import { editRow, HISTORY_NOUNS, renderHistory } from "./theme-history.js";
import { renderSelection, selectionBar } from "./theme-select.js";

function cleanHistory(h) {
  const count = (n) => (Number.isInteger(n) && n > 0 ? n : 0);
  const kind = (k) => (typeof k === "string" && Object.hasOwn(HISTORY_NOUNS, k) ? k : null);
  return h && typeof h === "object"
    ? { undo: count(h.undo), redo: count(h.redo), nextUndo: kind(h.next_undo), nextRedo: kind(h.next_redo) }
    : { undo: 0, redo: 0, nextUndo: null, nextRedo: null };
}

export function cleanThemes(event) {
  if (!event || typeof event !== "object" || typeof event.question_id !== "string") return null;
  const themes = (Array.isArray(event.themes) ? event.themes : [])
    .filter((t) => t && typeof t === "object" && (typeof t.id === "number" || typeof t.id === "string"))
    .map((t) => ({
      id: String(t.id),
      label: String(t.label ?? ""),
      size: Number(t.size) || 0,
      color: F.themeColor(t.color),
      examples: Array.isArray(t.examples) ? t.examples.map(String) : [],
      answerIds: Array.isArray(t.answer_ids) ? t.answer_ids.map(String) : [], // best fit first
      fits: Array.isArray(t.fits) ? t.fits.map((f) => (typeof f === "number" ? f : null)) : [], // null: placed by hand
      manual: Boolean(t.manual), // made by the facilitator (new theme from selection, split)
      keywords: Array.isArray(t.keywords) ? t.keywords.map(String) : [],
      renamed: Boolean(t.renamed),
    }));
  const words = (Array.isArray(event.words) ? event.words : [])
    .filter((w) => Array.isArray(w) && w.length >= 2)
    .map(([word, n]) => [String(word), Number(n) || 0]);
  return {
    question_id: event.question_id,
    answers: Number(event.answers) || 0,
    unthemed: Number(event.unthemed) || 0,
    waiting: Number(event.waiting) || 0, // answers still needed before themes may be shown (min_group)
    minGroup: Number(event.min_group) || 0,
    themes,
    words,
    other: Array.isArray(event.other) ? event.other.map(String) : null, // in no theme (null: an older server)
    history: cleanHistory(event.history),
    handMade: Number.isInteger(event.hand_made) && event.hand_made > 0 ? event.hand_made : 0,
  };
}

export function loadThemes(all) {
  state.themes.clear();
  if (!all || typeof all !== "object") return;
  for (const [qid, event] of Object.entries(all)) {
    const data = cleanThemes({ question_id: qid, ...event });
    if (data) state.themes.set(qid, data);
  }
}

function themesFor(qid) {
  return state.themes.get(qid) || {
    question_id: qid, answers: answersFor(qid, "group").length, unthemed: 0, waiting: 0, minGroup: 0, themes: [], words: [],
    other: null, history: cleanHistory(null), handMade: 0,
  };
}

/** The answers in no theme ("Other"), as the server lists them (or, from an older server, the
    ones this screen has that no theme holds, hidden ones left out as the server does). */
export function otherIds(qid, data, themes) {
  if (data.other) return data.other;
  const themed = new Set(themes.flatMap((t) => t.answerIds));
  return answersFor(qid, "group").filter((a) => !a.hidden).map((a) => String(a.id)).filter((id) => !themed.has(id)).reverse();
}

/** Where an answer is now: a theme's id, "none" for Other, null if it is in neither. */
export function placeOf(qid, answerId) {
  const data = themesFor(qid);
  const theme = data.themes.find((t) => t.answerIds.includes(answerId));
  if (theme) return theme.id;
  return otherIds(qid, data, data.themes).includes(answerId) ? "none" : null;
}

export { themesFor };

/** The themes in the board's order: while sorting, the order they had when sorting began
    (new ones last), so the columns stay put under the mouse and the Alt+arrow keys; else
    biggest first, as the server sends them. */
export function themeOrder(qid, themes) {
  if (!state.sorting.has(qid)) {
    state.boardOrder.delete(qid);
    return themes;
  }
  const byId = new Map(themes.map((t) => [t.id, t]));
  const known = (state.boardOrder.get(qid) || []).filter((id) => byId.has(id));
  const order = [...known, ...themes.map((t) => t.id).filter((id) => !known.includes(id))];
  state.boardOrder.set(qid, order);
  return order.map((id) => byId.get(id));
}

export function findTheme(qid, themeId) {
  return themesFor(qid).themes.find((t) => t.id === themeId) || null;
}

export function panelFor(qid) {
  return ui.questions.querySelector(`section.themes-panel[data-themes-for="${CSS.escape(qid)}"]`);
}

/** Short status line under a panel's heading (edits' results), read out politely. */
export function setThemesStatus(qid, text) {
  const panel = panelFor(qid);
  if (!panel) return;
  const status = panel.querySelector(".themes-status");
  status.textContent = text;
  window.clearTimeout(Number(status.dataset.timer || 0));
  if (text) status.dataset.timer = String(window.setTimeout(() => { status.textContent = ""; }, 8000));
}

export function themesPanel(q) {
  const qid = q.id;
  const headingId = `themes-${qid}`;
  const unthemedId = `themes-${qid}-unthemed`;
  // Not a labelled region: one "Themes" landmark per question would only add noise.
  return F.el("section", { className: "themes-panel", dataset: { themesFor: qid, view: "words" } }, [
    F.el("div", { className: "themes-head" }, [
      F.el("h4", { className: "themes-title", attrs: { id: headingId } }, [
        document.createTextNode("Themes"),
        F.el("span", { className: "themes-summary" }),
      ]),
      F.el("div", { className: "reveal-buttons" }, [
        F.el("button", {
          className: "button reveal-toggle",
          text: "Show on projector",
          attrs: { type: "button", "aria-pressed": "false" },
          dataset: { questionId: qid },
        }),
        F.el("button", {
          className: "button quotes-toggle",
          text: "Show quotes",
          attrs: { type: "button", "aria-pressed": "false", "aria-describedby": `${headingId}-quotes-hint` },
          dataset: { questionId: qid },
        }),
      ]),
    ]),
    F.el("p", {
      className: "visually-hidden",
      text: "Shows the themes on the projector with a few answers as quotes, names and contact details removed.",
      attrs: { id: `${headingId}-quotes-hint` },
    }),
    editRow(qid),
    F.el("p", { className: "themes-status", attrs: { role: "status" } }),
    selectionBar(qid),
    F.el("div", { className: "themes-words" }, [
      F.el("p", { className: "themes-note" }),
      F.el("ol", { className: "theme-words", attrs: { "aria-label": "Words used most, with how many answers use them" } }),
    ]),
    F.el("ul", { className: "theme-list", attrs: { "aria-labelledby": headingId, hidden: true } }),
    // "Other": answers in no theme, last and plainly not a theme (never counted as one).
    F.el("button", {
      className: "themes-unthemed",
      attrs: { type: "button", "aria-expanded": "false", "aria-controls": unthemedId, hidden: true },
    }, [
      F.el("span", { className: "other-name" }, [
        F.el("span", { className: "other-label", text: "Other" }),
        F.el("span", { className: "other-note", text: " — not in a theme" }),
      ]),
      F.el("span", { className: "other-size" }),
    ]),
    F.el("ul", { className: "theme-answers unthemed-answers", attrs: { id: unthemedId, "aria-label": "Other: answers not in a theme", hidden: true } }),
    F.el("div", { className: "theme-board", attrs: { hidden: true } }),
  ]);
}

function themeItem(themeId) {
  const detailId = `theme-${themeId}-detail`;
  return F.el("li", { className: "theme", dataset: { themeId } }, [
    F.el("button", { className: "theme-toggle", attrs: { type: "button", "aria-expanded": "false", "aria-controls": detailId } }, [
      F.el("span", { className: "theme-label" }),
      F.el("span", { className: "visually-hidden", text: ": " }),
      F.el("span", { className: "theme-bar", attrs: { "aria-hidden": "true" } }, [F.el("span", { className: "theme-bar-fill" })]),
      F.el("span", { className: "theme-size" }),
      F.el("span", { className: "visually-hidden theme-size-unit" }),
    ]),
    F.el("div", { className: "theme-detail", attrs: { id: detailId, hidden: true } }),
  ]);
}

function updateTheme(li, theme, data, open, qid) {
  li.dataset.color = String(theme.color);
  li.classList.toggle("is-open", open);
  setText(li.querySelector(".theme-label"), theme.label);
  setText(li.querySelector(".theme-size"), String(theme.size));
  setText(li.querySelector(".theme-size-unit"), theme.size === 1 ? " answer" : " answers");
  const share = data.answers > 0 ? Math.min(100, (theme.size / data.answers) * 100) : 0;
  li.querySelector(".theme-bar-fill").style.setProperty("--w", `${share.toFixed(1)}%`);
  li.querySelector(".theme-toggle").setAttribute("aria-expanded", String(open));
  const detail = li.querySelector(".theme-detail");
  detail.hidden = !open;
  if (open) {
    updateDetail(li, theme, data, qid);
  } else if (detail.firstChild) {
    detail.querySelector(".theme-answers").replaceChildren(); // no stale copies of moved answers
  }
}

/** Redraw one question's themes panel in place (open theme, focus and drafts are kept). */
export function renderThemes(qid) {
  const panel = panelFor(qid);
  if (!panel || state.dragging === qid) return; // redrawn on the drop (theme-drag.js)
  const data = themesFor(qid);
  // Under the session's group size the themes stay hidden here as on the projector and in
  // the report; the answers themselves are still listed on this (the facilitator's) screen.
  const themes = data.waiting > 0 ? [] : data.themes;
  const showThemes = themes.length > 0;
  panel.dataset.view = showThemes ? "themes" : "words";

  setText(panel.querySelector(".themes-summary"), showThemes
    ? ` · ${F.plural(themes.length, "theme", "themes")} in ${countText(data.answers)}`
    : "");

  // Too few answers (or nothing groups yet): the words people use.
  const wordsBox = panel.querySelector(".themes-words");
  wordsBox.hidden = showThemes;
  if (!showThemes) {
    // The last `themes` push may be older than the answers listed here (themes are
    // recomputed about once a second): count what this screen has.
    const have = Math.max(data.answers, answersFor(qid, "group").length); // themes are the room's answers only
    const waiting = data.waiting > 0 ? Math.max(0, data.minGroup - have) : 0;
    setText(wordsBox.querySelector(".themes-note"), waiting > 0
      ? `Waiting for ${F.plural(waiting, "more answer", "more answers")}: themes show here and on the projector from ${F.plural(data.minGroup, "answer", "answers")}.`
      : data.waiting === 0 && data.answers >= limits.minThemeAnswers
        ? "No clear themes yet. The words used most so far:"
        : have >= limits.minThemeAnswers
          ? "Finding themes…"
          : `Themes appear from ${F.plural(limits.minThemeAnswers, "answer", "answers")}.`);
    const words = wordsBox.querySelector("ol.theme-words");
    if (JSON.stringify(data.words) !== words.dataset.shown) {
      words.replaceChildren(...data.words.map(([word, n]) => F.el("li", { className: "theme-word" }, [
        F.el("span", { className: "theme-word-text", text: word }),
        document.createTextNode(" "),
        F.el("span", { className: "theme-word-count", text: n }),
      ])));
      words.dataset.shown = JSON.stringify(data.words);
    }
    words.hidden = data.words.length === 0;
  }

  // The themes, biggest first; the open one stays open while its id lives on.
  let open = state.expanded.get(qid);
  if (open !== undefined && !themes.some((t) => t.id === open)) {
    state.expanded.delete(qid);
    open = undefined;
  }
  const list = panel.querySelector(".theme-list");
  reconcile(list, "themeId", themes.map((t) => t.id), themeItem);
  themes.forEach((theme, i) => updateTheme(list.children[i], theme, data, theme.id === open, qid));

  // "Other", the answers in no theme: count, and (opened) the list to put them in a theme.
  const other = showThemes ? otherIds(qid, data, themes) : [];
  const sorting = showThemes && state.sorting.has(qid);
  if (!showThemes) state.sorting.delete(qid);
  panel.dataset.mode = sorting ? "sort" : "list";
  list.hidden = !showThemes || sorting;
  const unthemedButton = panel.querySelector("button.themes-unthemed");
  const unthemedList = panel.querySelector(".unthemed-answers");
  const showUnthemed = showThemes && other.length > 0 && !sorting;
  if (!showUnthemed) state.unthemedOpen.delete(qid);
  const unthemedOpen = state.unthemedOpen.has(qid);
  unthemedButton.hidden = !showUnthemed;
  setText(unthemedButton.querySelector(".other-size"), String(other.length));
  unthemedButton.setAttribute("aria-label", `Other — not in a theme: ${countText(other.length)}`);
  unthemedButton.setAttribute("aria-expanded", String(unthemedOpen));
  unthemedList.hidden = !unthemedOpen;
  if (!unthemedOpen) unthemedList.replaceChildren();
  if (unthemedOpen) fillAnswers(unthemedList, `unthemed-${qid}`, other, themes.map((t) => [t.id, t.label]), qid);

  // The board: every theme's answers side by side, Other last, to select and drag.
  renderBoard(panel, qid, themeOrder(qid, sorting ? themes : []), other); // out of sort mode it forgets its order
  clearStatusOnOthersEdit(panel, data);
  renderHistory(panel, data, showThemes);
  renderSelection(panel, qid, themes, other);

  restorePendingFocus(qid);
  updateReveal();
}

/** What a question's history is now, as a string to compare. */
export function historyKey(qid) {
  const h = themesFor(qid).history;
  return `${h.undo}/${h.redo}/${h.nextUndo}/${h.nextRedo}`;
}

/** Another screen's edit (or undo) changed the history: this screen's last status line (say,
    "Moved 2 answers…") no longer describes the themes shown. This screen's own edits keep it. */
function clearStatusOnOthersEdit(panel, data) {
  const key = historyKey(data.question_id);
  const seen = panel.dataset.history;
  panel.dataset.history = key;
  if (seen === undefined || seen === key) return;
  const qid = data.question_id;
  if (state.editing.has(qid) || state.ownPush.delete(qid)) return;
  setThemesStatus(qid, "");
}

/** After an edit the focused control may leave (with its answer, or a selection bar that
    hides): put focus somewhere sensible once `ready()` (by default: the control has left). */
export function restorePendingFocus(qid) {
  const pending = state.pendingFocus;
  if (!pending || pending.qid !== qid) return;
  if (!pending.ready()) return;
  state.pendingFocus = null;
  const active = document.activeElement;
  if (active && active !== document.body && active.isConnected && !active.closest("[hidden]")) return; // moved on
  const panel = panelFor(qid);
  const candidates = [...pending.targets.map((find) => find()),
    panel && panel.querySelector("button.theme-toggle"), panel && panel.querySelector("button.reveal-toggle")];
  const target = candidates.find((node) => node && node.isConnected && !node.closest("[hidden]"));
  if (target) target.focus();
}
