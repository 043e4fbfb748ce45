/* A themes panel's edit row: "Sort answers" (the board, theme-board.js), Undo and Redo (the
   server keeps each question's history, so every screen undoes the same edit; Ctrl/Cmd+Z and
   Ctrl/Cmd+Shift+Z or Ctrl+Y while the keyboard is in the panel, not in a text field), and
   "Regroup automatically", which asks first when it would replace edits made by hand. */
import * as F from "../common.js";
import { setText } from "./dom.js";
import { setMessage, state, typingIn, ui } from "./state.js";
import { editFailed, editing, markBusy, sendEdit } from "./theme-send.js";
import { renderThemes, setThemesStatus, themesFor } from "./themes.js";

/** The kinds of edit the server's history names (docs/protocol.md), and how they read here. */
export const HISTORY_NOUNS = { rename: "rename", merge: "merge", move: "move", new: "new theme", split: "split", regroup: "regroup" };
const dialog = document.getElementById("regroup-dialog");

function historyButton(className, word, keys) {
  return F.el("button", { className: `button ${className}`, attrs: { type: "button", "aria-keyshortcuts": keys, disabled: true } }, [
    F.el("span", { className: "history-icon", attrs: { "aria-hidden": "true" } }),
    document.createTextNode(word),
    F.el("span", { className: "visually-hidden history-what" }),
  ]);
}

export function editRow(qid) {
  return F.el("div", { className: "themes-edit", attrs: { hidden: true } }, [
    F.el("div", { className: "themes-edit-main" }, [
      F.el("button", {
        className: "button themes-sort",
        text: "Sort answers",
        attrs: { type: "button", "aria-pressed": "false", title: "Every theme's answers side by side, to select and drag" },
        dataset: { questionId: qid },
      }),
      historyButton("theme-undo", "Undo", "Control+Z Meta+Z"),
      historyButton("theme-redo", "Redo", "Control+Shift+Z Meta+Shift+Z Control+Y"),
    ]),
    F.el("button", { className: "button theme-regroup", text: "Regroup automatically", attrs: { type: "button" } }),
  ]);
}

function drawHistoryButton(button, count, kind, word, busy) {
  const what = kind ? ` ${HISTORY_NOUNS[kind]}` : "";
  button.disabled = count === 0 || state.ended;
  markBusy(button, busy);
  setText(button.querySelector(".history-what"), what);
  button.title = count === 0 ? `Nothing to ${word.toLowerCase()}` : `${word}${what}`;
}

export function renderHistory(panel, data, showThemes) {
  const row = panel.querySelector(".themes-edit");
  const h = data.history;
  const busy = editing(data.question_id);
  const focused = row.contains(document.activeElement) ? document.activeElement : null;
  row.hidden = !showThemes && h.undo === 0 && h.redo === 0;
  const sort = row.querySelector("button.themes-sort");
  sort.hidden = !showThemes;
  sort.setAttribute("aria-pressed", String(state.sorting.has(data.question_id)));
  const undo = row.querySelector("button.theme-undo");
  const redo = row.querySelector("button.theme-redo");
  drawHistoryButton(undo, h.undo, h.nextUndo, "Undo", busy);
  drawHistoryButton(redo, h.redo, h.nextRedo, "Redo", busy);
  const regroup = row.querySelector("button.theme-regroup");
  regroup.hidden = !showThemes;
  regroup.disabled = state.ended;
  markBusy(regroup, busy);
  // The last undo (or redo) disables its own button: the keyboard stays in the row.
  if (focused && focused.disabled) {
    const next = [focused === undo ? redo : undo, sort, regroup].find((b) => !b.disabled && !b.hidden && !row.hidden);
    if (next) next.focus();
  }
}

async function step(qid, redo) {
  const ack = await sendEdit(qid, redo ? "theme_redo" : "theme_undo", { question_id: qid });
  if (!ack) return;
  if (!ack.ok) return editFailed(redo ? "redo" : "undo", ack);
  setMessage("");
  const noun = HISTORY_NOUNS[ack.what] || "edit";
  setThemesStatus(qid, redo ? `Redid the ${noun}.` : `Undid the ${noun}.`);
}

/** Ask before hand-made edits are replaced: resolves true only on "Regroup". */
function confirmRegroup(text) {
  setText(document.getElementById("regroup-text"), text);
  dialog.returnValue = "";
  dialog.showModal();
  document.getElementById("regroup-keep").focus();
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "regroup"), { once: true });
  });
}

function handMadeText(n) {
  return `You made ${F.plural(n, "change", "changes")} to these themes by hand (names, merges, moved answers or new themes). Regrouping replaces ${n === 1 ? "it" : "them"} with new automatic groups.`;
}

async function regroup(qid, button) {
  if (editing(qid)) return;
  const handMade = themesFor(qid).handMade;
  if (handMade > 0 && !(await confirmRegroup(handMadeText(handMade)))) return button.focus();
  let ack = await sendEdit(qid, "theme_regroup", { question_id: qid, confirm: handMade > 0 });
  if (ack && !ack.ok && F.errorCode(ack) === "confirm_needed") {
    // Another screen made an edit meanwhile: its count is in the server's message.
    const asked = await confirmRegroup(F.errorMessage(ack));
    if (!asked) return button.focus();
    ack = await sendEdit(qid, "theme_regroup", { question_id: qid, confirm: true });
  }
  if (button.isConnected) button.focus();
  if (!ack) return;
  if (!ack.ok) return editFailed("regroup the answers", ack);
  setMessage("");
  state.selected.delete(qid);
  setThemesStatus(qid, handMade > 0 ? "Regrouped automatically. Undo brings your groups back." : "Regrouped automatically.");
}

ui.questions.addEventListener("click", (event) => {
  const button = event.target.closest(".themes-edit button");
  if (!button) return;
  const qid = button.closest("section.themes-panel").dataset.themesFor;
  if (button.matches(".themes-sort")) {
    if (state.sorting.has(qid)) state.sorting.delete(qid);
    else state.sorting.add(qid);
    renderThemes(qid);
  } else if (button.matches(".theme-undo")) step(qid, false);
  else if (button.matches(".theme-redo")) step(qid, true);
  else if (button.matches(".theme-regroup")) regroup(qid, button);
});

document.getElementById("regroup-keep").addEventListener("click", () => dialog.close("keep"));
document.getElementById("regroup-confirm").addEventListener("click", () => dialog.close("regroup"));

// Ctrl/Cmd+Z undoes in the panel the keyboard is in; in a text field it stays the field's own.
ui.questions.addEventListener("keydown", (event) => {
  if (event.defaultPrevented || !(event.ctrlKey || event.metaKey) || event.altKey) return;
  const key = event.key.toLowerCase();
  const redo = (key === "z" && event.shiftKey) || (key === "y" && event.ctrlKey && !event.shiftKey);
  if (!redo && !(key === "z" && !event.shiftKey)) return;
  const panel = event.target.closest("section.themes-panel");
  if (!panel || typingIn(event.target)) return;
  event.preventDefault();
  const button = panel.querySelector(redo ? "button.theme-redo" : "button.theme-undo");
  if (!button.disabled) step(panel.dataset.themesFor, redo);
});
