/* DOM updates that keep the facilitator's place: lists reconciled by key (focus and caret
   survive a move), selects rebuilt only when their options change, text set only when it differs. */
import * as F from "../common.js";

export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/**
 * Make `container`'s children match `keys` (in order), reusing children by their
 * data-`keyName`, creating missing ones with make(key). The focused element keeps
 * the focus (and an input its caret) when its item moves.
 */
export function reconcile(container, keyName, keys, make) {
  const existing = new Map();
  for (const child of Array.from(container.children)) existing.set(child.dataset[keyName], child);
  const wanted = keys.map((key) => existing.get(key) || make(key));
  const keep = new Set(wanted);
  for (const child of Array.from(container.children)) if (!keep.has(child)) child.remove();

  const active = document.activeElement;
  const caret = active && active.tagName === "INPUT" ? [active.selectionStart, active.selectionEnd] : null;
  wanted.forEach((node, i) => {
    const at = container.children[i] || null;
    if (at === node) return;
    if (node.isConnected && typeof container.moveBefore === "function") {
      try {
        container.moveBefore(node, at); // keeps focus and state where supported
        return;
      } catch (_) {
        /* fall back */
      }
    }
    container.insertBefore(node, at);
  });
  if (active && active !== document.activeElement && active.isConnected && container.contains(active)) {
    active.focus({ preventScroll: true });
    if (caret) {
      try {
        active.setSelectionRange(caret[0], caret[1]);
      } catch (_) {
        /* ignore */
      }
    }
  }
  return wanted;
}

/** The options of a <select>: [[value, text]], rebuilt only when they change (an open list stays open). */
export function setOptions(select, options, placeholder) {
  const all = placeholder ? [["", placeholder], ...options] : options;
  const signature = JSON.stringify(all);
  if (select.dataset.options === signature) return;
  const chosen = select.value;
  select.replaceChildren(...all.map(([value, text]) => F.el("option", { text, attrs: { value } })));
  select.dataset.options = signature;
  select.value = all.some(([value]) => value === chosen) ? chosen : all.length ? all[0][0] : "";
}
