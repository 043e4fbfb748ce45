/* Keyboard shortcuts (the arrows for steps are in steps.js) and their help, a modal list
   opened by ? or the bar's "Shortcuts" button: Escape or Close shuts it and the keyboard goes
   back where it was. No key is taken while the facilitator types in a field, while a modal is
   open, or with Ctrl, Alt or Cmd (the browser's own shortcuts). */
import { askToEnd } from "./ending.js";
import { toggleLock } from "./lock.js";
import { modalOpen, state, typingIn, ui } from "./state.js";
import { addMinute, openTimerMenu } from "./timer.js";

let returnTo = null;

export function openHelp() {
  if (modalOpen()) return;
  returnTo = document.activeElement && document.activeElement !== document.body ? document.activeElement : ui.shortcutsOpen;
  ui.shortcutsDialog.showModal();
  ui.shortcutsClose.focus();
}

const actions = {
  "?": openHelp,
  t: openTimerMenu,
  "+": addMinute,
  "=": addMinute, // + without Shift on most layouts
  l: toggleLock,
  j: () => ui.showJoin && !ui.showJoin.disabled && ui.showJoin.click(),
  e: askToEnd,
};

document.addEventListener("keydown", (event) => {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.repeat) return;
  if (typingIn(event.target) || modalOpen()) return;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  const action = actions[key];
  if (!action) return;
  if (key !== "?" && (state.ended || !state.hosted)) return;
  event.preventDefault();
  action();
});

ui.shortcutsOpen.addEventListener("click", openHelp);
ui.shortcutsClose.addEventListener("click", () => ui.shortcutsDialog.close());
ui.shortcutsDialog.addEventListener("close", () => {
  const target = returnTo && returnTo.isConnected && !returnTo.closest("[hidden]") ? returnTo : ui.shortcutsOpen;
  returnTo = null;
  target.focus();
});
