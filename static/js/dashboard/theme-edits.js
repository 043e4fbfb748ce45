/* The facilitator's edits in a themes panel: open a theme, rename, merge, a card's own
   "Move to…", open "Other", show on the projector. Moving answers (one way for the selection,
   the keys, a drop and a card's select) is theme-select.js, dragging theme-drag.js, undo, redo
   and regrouping theme-history.js; sending and refusals theme-send.js. */
import { toggleReveal } from "./reveal.js";
import { limits, setMessage, state, ui } from "./state.js";
import { moveAnswers } from "./theme-select.js";
import { editFailed, sendEdit } from "./theme-send.js";
import { findTheme, panelFor, renderThemes, setThemesStatus } from "./themes.js";


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
  sendEdit(qid, "theme_rename", { theme_id: Number(themeId), label }).then((ack) => {
    button.disabled = false;
    if (!ack) return;
    if (!ack.ok) {
      editFailed("rename the theme", ack);
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
  sendEdit(qid, "theme_merge", { theme_id: Number(themeId), into: Number(into) }).then((ack) => {
    button.disabled = false;
    if (!ack) return;
    if (!ack.ok) {
      editFailed("merge the themes", ack);
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

/** A card's own "Move to…": the same move as the selection bar's (theme-select.js). */
function moveAnswer(select) {
  const to = select.value;
  if (!to) return;
  const qid = select.closest("section.themes-panel").dataset.themesFor;
  moveAnswers(qid, [select.dataset.answerId], to, select.closest("li.theme-answer")).then(() => {
    if (select.isConnected) select.value = ""; // refused (or not sent): "Move to…" again
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
