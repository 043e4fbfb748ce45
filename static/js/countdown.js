/* Fulcrum: countdowns to a time the server set (a step's timer, the end's grace period),
   shared by the phone and the projector. The server sends `ends_at` with its own `now`, so
   the time left is ends_at − now at receipt, then this device's clock counts it down: a
   phone whose clock is minutes off still shows the right time. Elapsed time is measured
   with Date.now() differences, not performance.now(), because a locked phone's
   performance clock may stop while it sleeps and the deadline does not. */

/** A countdown from a server message, or null (no or unreadable `ends_at`).
    Returns () → milliseconds left (never below 0). */
export function countdown(endsAt, now) {
  const ends = Date.parse(endsAt);
  if (typeof endsAt !== "string" || Number.isNaN(ends)) return null;
  const serverNow = Date.parse(now);
  const received = Date.now();
  // Without the server's `now`, trust this clock: better than nothing.
  const left = ends - (Number.isNaN(serverNow) ? received : serverNow);
  return () => Math.max(0, left - (Date.now() - received));
}

/** Whole seconds left, rounded up: "5:00" right after the start, "0:00" only at the end. */
export const secondsLeft = (left) => Math.ceil(left() / 1000);

/** 272 → "4:32"; 3725 → "1:02:05". */
export function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** Call `tick(secondsLeft)` now and at each whole second of `left` until it reaches 0
    (included). Returns stop(). Timed to the second boundaries of the countdown itself, so
    two screens of the room change digits together. */
export function everySecond(left, tick) {
  let timer = null;
  let stopped = false;
  function run() {
    if (stopped) return;
    const ms = left();
    tick(Math.ceil(ms / 1000));
    if (ms <= 0) return;
    timer = window.setTimeout(run, (ms % 1000 || 1000) + 15);
  }
  run();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
  };
}
