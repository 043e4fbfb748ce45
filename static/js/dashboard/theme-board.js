/* The board: with "Sort answers" pressed, a themes panel shows every theme's answers side by
   side (biggest theme first, each best fit first) and "Other" last, like sticky notes on a
   wall: select them (theme-select.js), drag them between columns (theme-drag.js) or move
   them with the keys. */
import * as F from "../common.js";
import { reconcile, setText } from "./dom.js";
import { fillAnswers } from "./theme-detail.js";
import { disableDrag, enableDrag } from "./theme-drag.js";

function column(qid, themeId) {
  const other = themeId === "none";
  const headId = `board-${qid}-${themeId}`;
  const list = F.el("ul", { className: "theme-answers board-answers", attrs: { "aria-labelledby": headId }, dataset: { themeId } });
  enableDrag(list, qid);
  return F.el("section", { className: other ? "board-column board-other" : "board-column", dataset: { themeId } }, [
    F.el("h5", { className: "board-head", attrs: { id: headId } }, [
      F.el("span", { className: "board-label" }),
      F.el("span", { className: "board-note" }),
      F.el("span", { className: "board-size" }),
      F.el("span", { className: "visually-hidden board-size-unit" }),
    ]),
    list,
    F.el("p", { className: "board-empty", text: other ? "Drop answers here to take them out of their themes." : "No answers." }),
  ]);
}

function fillColumn(col, label, note, ids, qid, fits) {
  setText(col.querySelector(".board-label"), label);
  setText(col.querySelector(".board-note"), note);
  setText(col.querySelector(".board-size"), String(ids.length));
  setText(col.querySelector(".board-size-unit"), ids.length === 1 ? " answer" : " answers");
  const list = col.querySelector(".board-answers");
  fillAnswers(list, `board-${qid}-${col.dataset.themeId}`, ids, null, qid, fits);
  col.querySelector(".board-empty").hidden = ids.length > 0;
}

/** Draw (or, with no themes, empty) a panel's board. */
export function renderBoard(panel, qid, themes, other) {
  const board = panel.querySelector(".theme-board");
  board.hidden = themes.length === 0;
  const ids = board.hidden ? [] : [...themes.map((t) => t.id), "none"];
  for (const col of Array.from(board.children)) {
    if (!ids.includes(col.dataset.themeId)) disableDrag(col.querySelector(".board-answers")); // its column leaves
  }
  if (board.hidden) {
    board.replaceChildren();
    return;
  }
  reconcile(board, "themeId", ids, (id) => column(qid, id));
  themes.forEach((theme, i) => {
    const col = board.children[i];
    col.dataset.color = String(theme.color);
    fillColumn(col, theme.label, theme.manual ? " · made by hand" : "", theme.answerIds, qid, theme.manual ? null : theme.fits);
  });
  fillColumn(board.lastElementChild, "Other", " — not in a theme", other, qid, null);
}
