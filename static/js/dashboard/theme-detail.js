/* An open theme on the dashboard: key words, examples, its answers (each with a select to
   move it), and the rename and merge forms. */
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

/** One answer in an open theme (or among the unthemed), with a select to move it elsewhere. */
function themeAnswerItem(prefix, answerId) {
  const textId = `${prefix}-answer-${answerId}`;
  return F.el("li", { className: "theme-answer", dataset: { answerId } }, [
    F.el("p", { className: "theme-answer-text", attrs: { id: textId } }),
    F.el("select", {
      className: "theme-move",
      attrs: { "aria-label": "Move this answer to", "aria-describedby": textId },
      dataset: { answerId },
    }),
  ]);
}

export function fillAnswers(list, prefix, ids, options) {
  reconcile(list, "answerId", ids, (id) => themeAnswerItem(prefix, id));
  for (const item of list.children) {
    const answer = state.answers.get(Number(item.dataset.answerId)) || state.answers.get(item.dataset.answerId);
    setText(item.querySelector(".theme-answer-text"), answer ? answer.text : "…");
    setOptions(item.querySelector("select.theme-move"), options, "Move to…");
  }
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
    [...others.map((t) => [t.id, t.label]), ["none", "No theme"]]);

  const input = detail.querySelector("form.theme-rename input[name=label]");
  if (document.activeElement !== input && !input.dataset.dirty) input.value = theme.label;

  const merge = detail.querySelector("form.theme-merge");
  merge.hidden = others.length === 0;
  detail.querySelector(".theme-merge-none").hidden = others.length > 0;
  setOptions(merge.querySelector("select[name=into]"), others.map((t) => [t.id, `${t.label} (${t.size})`]), "Choose a theme…");
  li.dataset.question = qid;
}
