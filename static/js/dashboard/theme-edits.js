/* The facilitator's edits in a themes panel: open a theme, rename, merge, move an answer
   (focus goes somewhere sensible when it leaves), open "Other", show on the projector. Selecting
   and moving several answers is theme-select.js, dragging theme-drag.js, undo, redo and
   regrouping theme-history.js. */
import * as F from "../common.js";
import { setEnded } from "./ending.js";
import { toggleReveal } from "./reveal.js";
import { limits, setMessage, state, ui } from "./state.js";
import { findTheme, panelFor, renderThemes, restorePendingFocus, setThemesStatus } from "./themes.js";

export function themeEditFailed(what, ack) {
  if (F.errorCode(ack) === "session_ended") setEnded();
  setMessage(`Could not ${what}: ${F.errorMessage(ack)}`);
}

function toggleTheme(button) {
  const li = button.closest("li.theme");
  const panel = button.closest("section.themes-panel");
  const qid = panel.dataset.themesFor;
  if (state.expanded.get(qid) === li.dataset.themeId) state.expanded.delete(qid);
  else state.expanded.set(qid, li.dataset.themeId);
  renderThemes(qid);
}

function renameTheme(form) {
  const qid = form.closest("section.themes-panel").dataset.themesFor;
  const themeId = form.dataset.themeId;
  const input = form.querySelector("input[name=label]");
  const button = form.querySelector("button[type=submit]");
  const label = input.value.trim();
  if (label.length > limits.maxLabel) {
    setMessage(`Theme names are limited to ${limits.maxLabel} characters.`);
    return;
  }
  button.disabled = true;
  F.request(state.socket, "theme_rename", { theme_id: Number(themeId), label }).then((ack) => {
    button.disabled = false;
    if (!ack.ok) {
      themeEditFailed("rename the theme", ack);
      return;
    }
    setMessage("");
    delete input.dataset.dirty;
    const theme = findTheme(qid, themeId);
    if (label) {
      if (theme && theme.label === label) input.value = theme.label;
      setThemesStatus(qid, `Renamed the theme to “${label}”.`);
    } else {
      if (theme && !theme.renamed) input.value = theme.label;
      setThemesStatus(qid, "The theme has its automatic name again.");
    }
  });
}

function mergeTheme(form) {
  const qid = form.closest("section.themes-panel").dataset.themesFor;
  const themeId = form.dataset.themeId;
  const into = form.querySelector("select[name=into]").value;
  if (!into) {
    setMessage("Choose the theme to merge into.");
    return;
  }
  const from = findTheme(qid, themeId);
  const target = findTheme(qid, into);
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  F.request(state.socket, "theme_merge", { theme_id: Number(themeId), into: Number(into) }).then((ack) => {
    button.disabled = false;
    if (!ack.ok) {
      themeEditFailed("merge the themes", ack);
      return;
    }
    setMessage("");
    state.expanded.set(qid, into); // show where the answers went
    renderThemes(qid);
    const panel = panelFor(qid);
    const toggle = panel && panel.querySelector(`li.theme[data-theme-id="${CSS.escape(into)}"] button.theme-toggle`);
    if (toggle) toggle.focus();
    setThemesStatus(qid, from && target ? `Merged “${from.label}” into “${target.label}”.` : "Merged the themes.");
  });
}

function moveAnswer(select) {
  const value = select.value;
  if (!value) return;
  const panel = select.closest("section.themes-panel");
  const qid = panel.dataset.themesFor;
  const themeId = value === "none" ? null : value;
  const item = select.closest("li.theme-answer");
  const nextId = item.nextElementSibling ? item.nextElementSibling.dataset.answerId : null;
  const prevId = item.previousElementSibling ? item.previousElementSibling.dataset.answerId : null;
  const list = item.parentElement;
  const holder = select.closest("li.theme");
  const toggleOf = () => (holder && holder.isConnected ? holder.querySelector("button.theme-toggle") : null);
  const selectFor = (id) => () => (id && list.isConnected ? list.querySelector(`select.theme-move[data-answer-id="${CSS.escape(id)}"]`) : null);
  const target = themeId ? findTheme(qid, themeId) : null;
  F.request(state.socket, "theme_move", { answer_id: Number(select.dataset.answerId), theme_id: themeId === null ? null : Number(themeId) }).then((ack) => {
    if (!ack.ok) {
      if (select.isConnected) select.value = "";
      themeEditFailed("move the answer", ack);
      return;
    }
    setMessage("");
    setThemesStatus(qid, target ? `Moved the answer to “${target.label}”.` : "Took the answer out of its theme.");
    // The answer leaves this list with the next themes push (which may come before or after this ack).
    state.pendingFocus = { qid, select, targets: [selectFor(nextId), selectFor(prevId), toggleOf] };
    restorePendingFocus(qid);
  });
}

ui.questions.addEventListener("click", (event) => {
  const target = event.target;
  const toggle = target.closest("button.theme-toggle");
  if (toggle) {
    toggleTheme(toggle);
    return;
  }
  const reveal = target.closest("button.reveal-toggle");
  if (reveal) {
    toggleReveal(reveal.dataset.questionId);
    return;
  }
  const unthemed = target.closest("button.themes-unthemed");
  if (unthemed) {
    const qid = unthemed.closest("section.themes-panel").dataset.themesFor;
    if (state.unthemedOpen.has(qid)) state.unthemedOpen.delete(qid);
    else state.unthemedOpen.add(qid);
    renderThemes(qid);
  }
});

ui.questions.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.matches("form.theme-rename")) {
    event.preventDefault();
    renameTheme(form);
  } else if (form.matches("form.theme-merge")) {
    event.preventDefault();
    mergeTheme(form);
  }
});

ui.questions.addEventListener("change", (event) => {
  if (event.target.matches("select.theme-move")) moveAnswer(event.target);
});

// Escape inside an open theme closes it and returns to its button.
ui.questions.addEventListener("keydown", (event) => {
  if (event.key !== "Escape" || event.defaultPrevented) return;
  const li = event.target.closest("li.theme.is-open");
  if (!li || event.target.matches("select")) return; // Escape first closes an open select
  event.preventDefault();
  const toggle = li.querySelector("button.theme-toggle");
  if (toggle.getAttribute("aria-expanded") === "true") toggleTheme(toggle);
  toggle.focus();
});

ui.questions.addEventListener("input", (event) => {
  if (event.target.matches("form.theme-rename input[name=label]")) event.target.dataset.dirty = "1";
});
