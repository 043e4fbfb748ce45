/* An open theme on the dashboard: key words, examples, its answers (best fit first, each with
   a box to select it and a select to move it), and the rename and merge forms. The answer
   cards are the board's too (theme-board.js). */
import * as F from "../common.js";
import { reconcile, setOptions, setText } from "./dom.js";
import { limits, state } from "./state.js";

function buildDetail(detail, themeId) {
  const nameId = `theme-${themeId}-name`;
  const intoId = `theme-${themeId}-into`;
  detail.append(
    F.el("p", { className: "theme-keywords" }),
    F.el("div", { className: "theme-examples" }, [
      F.el("h5", { className: "theme-subhead", text: "Examples" }),
      F.el("ul", { className: "theme-example-list" }),
    ]),
    F.el("h5", { className: "theme-subhead theme-answers-title" }),
    F.el("ul", { className: "theme-answers" }),
    F.el("div", { className: "theme-tools" }, [
      F.el("form", { className: "theme-rename", dataset: { themeId } }, [
        F.el("label", { className: "theme-field-label", text: "Rename", attrs: { for: nameId } }),
        F.el("div", { className: "theme-field-row" }, [
          F.el("input", {
            className: "input",
            attrs: { id: nameId, name: "label", type: "text", maxlength: limits.maxLabel, autocomplete: "off", spellcheck: "true", "aria-describedby": `${nameId}-hint` },
          }),
          F.el("button", { className: "button", text: "Save", attrs: { type: "submit" } }),
        ]),
        F.el("p", { className: "theme-hint", text: "Save it empty to go back to the automatic name.", attrs: { id: `${nameId}-hint` } }),
      ]),
      F.el("form", { className: "theme-merge", dataset: { themeId } }, [
        F.el("label", { className: "theme-field-label", text: "Merge into", attrs: { for: intoId } }),
        F.el("div", { className: "theme-field-row" }, [
          F.el("select", { className: "input", attrs: { id: intoId, name: "into" } }),
          F.el("button", { className: "button", text: "Merge", attrs: { type: "submit" } }),
        ]),
      ]),
      F.el("p", { className: "theme-hint theme-merge-none", text: "No other theme to merge into yet." }),
    ]),
  );
}

/** One answer card: a box to select it (its text is the box's label: a click on the card
    picks it, like a sticky note), a mark when it was placed by hand, and (unless on the board)
    a select to move it. The box is the card's keyboard stop (keys: theme-select.js). */
function themeAnswerItem(prefix, answerId, movable) {
  const textId = `${prefix}-answer-${answerId}`;
  return F.el("li", { className: "theme-answer", dataset: { answerId } }, [
    F.el("input", {
      className: "answer-check",
      attrs: { type: "checkbox", id: `${textId}-pick`, "aria-keyshortcuts": "Alt+ArrowUp Alt+ArrowDown M" },
      dataset: { answerId },
    }),
    F.el("div", { className: "theme-answer-body" }, [
      F.el("label", { className: "theme-answer-text", attrs: { id: textId, for: `${textId}-pick` } }),
      F.el("span", { className: "theme-answer-hand", text: "placed by hand", attrs: { hidden: true } }),
    ]),
    movable ? F.el("select", {
      className: "theme-move",
      attrs: { "aria-label": "Move this answer to", "aria-describedby": textId },
      dataset: { answerId },
    }) : null,
  ]);
}

/** Fill a list with answer cards. options: the move select's [[value, text]] (null: none);
    fits: the engine's fit of each id (null: placed by hand), when they are a theme's. */
export function fillAnswers(list, prefix, ids, options, qid, fits = null) {
  reconcile(list, "answerId", ids, (id) => themeAnswerItem(prefix, id, options !== null));
  const selected = state.selected.get(qid);
  Array.from(list.children).forEach((item, i) => {
    const answer = state.answers.get(Number(item.dataset.answerId)) || state.answers.get(item.dataset.answerId);
    setText(item.querySelector(".theme-answer-text"), answer ? answer.text : "…");
    const box = item.querySelector("input.answer-check");
    box.checked = Boolean(selected && selected.has(item.dataset.answerId));
    item.classList.toggle("is-selected", box.checked);
    item.querySelector(".theme-answer-hand").hidden = !(fits && i < fits.length && fits[i] === null);
    const select = item.querySelector("select.theme-move");
    if (select) setOptions(select, options, "Move to…");
  });
}

export function updateDetail(li, theme, data, qid) {
  const detail = li.querySelector(".theme-detail");
  if (!detail.firstChild) buildDetail(detail, theme.id);
  const others = data.themes.filter((t) => t.id !== theme.id);

  const keywords = detail.querySelector(".theme-keywords");
  setText(keywords, theme.keywords.length ? `Key words: ${theme.keywords.join(", ")}` : "");
  keywords.hidden = theme.keywords.length === 0;

  const examples = detail.querySelector(".theme-examples");
  examples.hidden = theme.examples.length === 0;
  const exampleList = examples.querySelector(".theme-example-list");
  if (JSON.stringify(theme.examples) !== exampleList.dataset.shown) {
    exampleList.replaceChildren(...theme.examples.map((text) => F.el("li", { className: "theme-example", text })));
    exampleList.dataset.shown = JSON.stringify(theme.examples);
  }

  setText(detail.querySelector(".theme-answers-title"), `Answers in this theme (${theme.size})`);
  fillAnswers(detail.querySelector(".theme-answers"), `theme-${theme.id}`, theme.answerIds,
    [...others.map((t) => [t.id, t.label]), ["none", "Other (no theme)"]], qid, theme.manual ? null : theme.fits);

  const input = detail.querySelector("form.theme-rename input[name=label]");
  if (document.activeElement !== input && !input.dataset.dirty) input.value = theme.label;

  const merge = detail.querySelector("form.theme-merge");
  merge.hidden = others.length === 0;
  detail.querySelector(".theme-merge-none").hidden = others.length > 0;
  setOptions(merge.querySelector("select[name=into]"), others.map((t) => [t.id, `${t.label} (${t.size})`]), "Choose a theme…");
  li.dataset.question = qid;
}
