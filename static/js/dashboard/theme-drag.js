/* Dragging answer cards on the board between themes and Other, with SortableJS (from npm,
   copied to static/vendor by `make vendor`). It loads on first use; without it the board
   still works by selection and keys. A drop sends theme_move (the selected answers go along
   when the dragged one is selected); afterwards every card is redrawn where the server says,
   so a refused move puts the card back. */
import { state } from "./state.js";
import { moveAnswers, movingIds } from "./theme-select.js";
import { renderThemes } from "./themes.js";

let loading = null;
const instances = new WeakMap(); // list → its Sortable

function sortable() {
  if (!loading) loading = import("../../vendor/sortable.esm.js").then((m) => m.default, () => null);
  return loading;
}

export function enableDrag(list, qid) {
  sortable().then((Sortable) => {
    if (!Sortable || !list.isConnected || instances.has(list)) return;
    instances.set(list, Sortable.create(list, {
      group: `themes-${qid}`, // every column of this question's board, and no other
      sort: false, // the server orders a theme's answers (best fit first)
      draggable: "li.theme-answer",
      filter: "select, button",
      preventOnFilter: false,
      forceFallback: true, // pointer events rather than native drag: alike in every browser
      fallbackTolerance: 4, // a click on a card selects it; only a real move drags
      delay: 150,
      delayOnTouchOnly: true, // on a touch screen a quick swipe still scrolls the page
      ghostClass: "is-ghost",
      chosenClass: "is-chosen",
      dragClass: "is-dragged",
      onStart: () => {
        state.dragging = qid; // a push meanwhile would redraw the lists under the pointer
      },
      onEnd: (event) => {
        state.dragging = null;
        const to = event.to.dataset.themeId;
        if (event.from === event.to || !to) {
          renderThemes(qid);
          return;
        }
        const id = event.item.dataset.answerId;
        moveAnswers(qid, movingIds(qid, id), to, event.item).then(() => renderThemes(qid));
      },
    }));
  });
}

/** A column leaves the board: its Sortable goes with it (no listeners left on a dead list). */
export function disableDrag(list) {
  const sortable = list && instances.get(list);
  if (!sortable) return;
  sortable.destroy();
  instances.delete(list);
}
