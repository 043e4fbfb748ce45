/* The projector's clock card, beside the join strip: the step's countdown ("Time left
   4:32", "Answers close in" when the step closes at zero, then "Time's up"), the end's
   grace period ("Closing in 0:27"), or "Answers · Closed" for a closed step ("Time's up ·
   Closed" when its timer closed it). Large enough to read from the back, smaller than the
   question. Counted from the server's `now` (../countdown.js), so every screen in the room
   agrees whatever its clock says; each countdown is made once, when its message arrives. */
import { clock, countdown, everySecond } from "../countdown.js";

/** {data, left} for a server message with `ends_at`, else null. */
function counting(data) {
  const left = data && typeof data === "object" ? countdown(data.ends_at, data.now) : null;
  return left ? { data, left } : null;
}

export function timerCard(ui, onChange) {
  let timer = null;
  let closing = null;
  let stop = () => {};
  let ticking = null; // the countdown being shown: repaints never restart it

  function show(kind, label, value) {
    ui.root.hidden = kind === null;
    ui.root.dataset.kind = kind || "";
    if (ui.label.textContent !== label) ui.label.textContent = label;
    if (ui.value.textContent !== value) {
      ui.value.textContent = value;
      onChange(); // the card's width may change: the strip beside it refits
    }
  }

  function tickWith(current, tick) {
    if (ticking === current) return;
    stop();
    ticking = current;
    stop = current ? everySecond(current.left, tick) : () => {};
  }

  return {
    /** The `timer` push or state (TIMER; ends_at null: none). */
    setTimer(data) {
      timer = counting(data);
    },
    /** The `closing` push or state ({ends_at, now} or null). */
    setClosing(data) {
      closing = counting(data);
    },
    /** Show what applies: the end's countdown first, then the step's timer, then "Closed". */
    update({ stepIndex, selfPaced, stepClosed, ended }) {
      if (ended) {
        tickWith(null);
        show(null, "", "");
        return;
      }
      if (closing) {
        tickWith(closing, (s) => show("closing", s > 0 ? "Closing in" : "", s > 0 ? clock(s) : "Closing now"));
        return;
      }
      const t = timer && timer.data;
      const mine = Boolean(t) && (selfPaced || !Number.isInteger(t.index) || t.index === stepIndex);
      if (mine && (timer.left() > 0 || !stepClosed)) {
        tickWith(timer, (s) => {
          if (s > 0) show("timer", t.lock ? "Answers close in" : "Time left", clock(s));
          else show("done", "", "Time's up");
        });
        return;
      }
      tickWith(null);
      // Closed when its timer ran out: "Time's up" stays, as the card's label.
      if (stepClosed && !selfPaced) show("closed", mine ? "Time's up" : "Answers", "Closed");
      else show(null, "", "");
    },
  };
}
