/* The page's notice card (connecting, join errors, the end before any step), which takes
   the step's place while it shows, and the screen reader announcer. Texts go in with
   textContent only. */
import * as F from "../common.js";

export function linkButton(href, label, primary) {
  return F.el("a", { className: primary ? "button button-primary button-block" : "button button-block", text: label, attrs: { href } });
}

/** ui: notice, noticeTitle, noticeText, noticeActions, step, announcer (phone.js). */
export function notices(ui) {
  return {
    show(kind, title, body, actions = []) {
      ui.notice.dataset.kind = kind;
      ui.noticeTitle.textContent = title;
      ui.noticeText.textContent = body || "";
      ui.noticeText.hidden = !body;
      ui.noticeActions.replaceChildren(...actions);
      ui.noticeActions.hidden = actions.length === 0;
      ui.notice.hidden = false;
      ui.step.hidden = true;
    },
    /** Emptied first, so the same words said twice are read twice. */
    announce(message) {
      ui.announcer.textContent = "";
      window.setTimeout(() => {
        ui.announcer.textContent = message;
      }, 50);
    },
  };
}
