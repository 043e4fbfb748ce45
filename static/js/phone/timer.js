/* The step's countdown on the phone: a calm "4:32 left" beside "Step 2 of 9", then
   "Time's up" at zero. Calm on purpose: no red, no blinking, no seconds read aloud; screen
   readers hear only the start, the last minute and the end (role=timer is not live).
   The server's `timer` (push or join ack) is {ends_at, now, seconds, lock, index}: it
   belongs to one step, so it shows only on that step — except in self pacing, where the
   facilitator's timer is the room's time wherever each phone is. */
import { clock, countdown, everySecond } from "../countdown.js";

export function stepTimer(ui, { announce }) {
  let timer = null; // the server's TIMER, or null
  let left = null; // () → ms left
  let stop = () => {};
  let shown = false;
  let spoken = new Set(); // what was announced for this timer: "start", "minute", "end"

  function say(what, message) {
    if (!shown || spoken.has(what)) return;
    spoken.add(what);
    announce(message);
  }

  function tick(seconds) {
    const done = seconds <= 0;
    ui.root.dataset.state = done ? "done" : "running";
    const value = done ? "Time's up" : clock(seconds);
    if (ui.value.textContent !== value) ui.value.textContent = value;
    ui.word.hidden = done;
    ui.lock.hidden = done || !timer.lock;
    if (done) say("end", "Time's up.");
    else if (seconds <= 60 && (timer.seconds || 0) > 90) say("minute", "One minute left.");
  }

  function restart() {
    stop();
    stop = () => {};
    if (left && shown) stop = everySecond(left, tick);
  }

  return {
    /** A `timer` from the server (null or ends_at null: none). */
    set(data) {
      const next = data && typeof data === "object" ? countdown(data.ends_at, data.now) : null;
      const same = timer && next && data.ends_at === timer.ends_at && data.index === timer.index;
      const extended = timer && next && !same && data.index === timer.index && Boolean(left && left() > 0);
      timer = next ? data : null;
      left = next;
      if (!same) spoken = new Set();
      if (timer && shown) {
        const seconds = Math.ceil(left() / 1000);
        if (extended) say("start", `Timer changed: ${clock(seconds)} left.`);
        else if (seconds > 0) say("start", `${clock(seconds)} for this step${timer.lock ? ", then answers close" : ""}.`);
      }
      return this;
    },
    /** Where the phone is: the step on screen (index), self pacing, ended. Shows or hides. */
    place(index, selfPaced, ended) {
      const applies = Boolean(timer) && !ended && (selfPaced || !Number.isInteger(timer.index) || timer.index === index);
      const was = shown;
      shown = applies;
      ui.root.hidden = !applies;
      if (applies && !was) spoken.add("start"); // arriving on a running timer: shown, not announced
      restart();
    },
  };
}
