/* The step's timer, in the bar: the countdown (on the server's clock) is the button of its
   menu (1, 2, 3, 5, 10 minutes or another time, "close the step when time is up", +1 min,
   clear); +1 min and Clear also sit beside it while it runs. A step with suggested minutes
   (the worksheet's `minutes:`) offers them first, "7 min (suggested)", and prefills the
   custom time with them. Every host screen gets the
   `timer` push, so a second dashboard shows the same countdown. The server owns the limits:
   a time it refuses comes back as its message under the menu. */
import { clock, countdown, everySecond } from "../countdown.js";
import { setText } from "./dom.js";
import { closeMenu, dismissible } from "./menus.js";
import { send, showError } from "./send.js";
import { setMessage, state, ui } from "./state.js";

const LOW = 60; // seconds: the last minute shows amber, time to wrap up
let stopTicking = () => {};
const suggested = document.getElementById("timer-suggested");
let suggestion = null; // the current step's suggested minutes

/** The current step's suggested minutes (or none): the menu's first choice and the custom
    field's default (unless the facilitator is typing there, or typed another time). */
export function suggestMinutes(minutes) {
  const previous = suggestion;
  suggestion = Number.isInteger(minutes) && minutes > 0 ? minutes : null;
  suggested.hidden = suggestion === null;
  if (suggestion !== null) {
    suggested.dataset.minutes = String(suggestion);
    setText(suggested.querySelector(".timer-suggested-time"), `${suggestion} min`);
  }
  const field = ui.timerMinutes;
  const untouched = field.value.trim() === "" || field.value.trim() === String(previous ?? "");
  if (document.activeElement !== field && untouched) field.value = suggestion === null ? "" : String(suggestion);
}

/** TIMER from the host ack, a `timer` push or a `timer` ack; null or no `ends_at` = none. */
export function setTimer(data) {
  stopTicking();
  const left = data && typeof data === "object" ? countdown(data.ends_at, data.now) : null;
  state.timer = left
    ? {
      seconds: Number.isInteger(data.seconds) ? data.seconds : null,
      lock: Boolean(data.lock),
      index: Number.isInteger(data.index) ? data.index : null,
      left,
    }
    : null;
  // Digits change on the countdown's own second boundaries, as on the phones and projector.
  if (left) stopTicking = everySecond(left, renderTimer);
  else renderTimer();
}

/** Seconds to words for screen readers: "4 minutes 5 seconds". */
function spoken(total) {
  const m = Math.floor(total / 60);
  const s = total % 60;
  const parts = [];
  if (m) parts.push(`${m} ${m === 1 ? "minute" : "minutes"}`);
  if (s || !m) parts.push(`${s} ${s === 1 ? "second" : "seconds"}`);
  return parts.join(" ");
}

export function renderTimer() {
  const timer = state.timer;
  const usable = state.hosted && !state.ended;
  ui.timerBox.hidden = state.ended;
  const running = Boolean(timer) && !state.ended;
  const left = running ? Math.ceil(timer.left() / 1000) : 0;
  ui.timerBox.dataset.state = !running ? "idle" : left <= 0 ? "up" : left <= LOW ? "low" : "running";
  ui.timerAdd.hidden = !running;
  ui.timerClear.hidden = !running;
  ui.timerMenuRunning.hidden = !running;
  for (const button of [ui.timerAdd, ui.timerClear, ui.timerMenuAdd, ui.timerMenuClear, suggested, ...ui.timerPresets.querySelectorAll("button")]) {
    button.disabled = !usable;
  }
  ui.timerCustom.querySelector("button").disabled = !usable;
  if (!running) {
    setText(ui.timerLabel, "Timer");
    setText(ui.timerTotal, "");
    setText(ui.timerSr, ": start a timer for this step");
    return;
  }
  const other = timer.index !== null && state.step && timer.index !== state.step.index ? `Step ${timer.index + 1} · ` : "";
  setText(ui.timerLabel, left <= 0 ? `${other}Time’s up` : `${other}${clock(left)}`);
  setText(ui.timerTotal, timer.seconds ? ` of ${clock(timer.seconds)}` : "");
  const closes = timer.lock ? "; the step closes then" : "";
  setText(ui.timerSr, left <= 0 ? ": the timer has run out. Timer options" : ` left (${spoken(left)})${closes}. Timer options`);
}

async function control(payload, what) {
  const ack = await send("timer", payload);
  if (ack.ok) {
    showError(ui.timerError, "");
    setMessage("");
    if ("timer" in ack) setTimer(ack.timer);
    return true;
  }
  const text = `Could not ${what}: ${ack.error && ack.error.message ? ack.error.message : "please try again."}`;
  if (ui.timerMenu.open) showError(ui.timerError, text);
  else setMessage(text);
  return false;
}

function start(seconds) {
  control({ seconds, lock: ui.timerLock.checked }, "start the timer").then((ok) => {
    if (ok) closeMenu(ui.timerMenu, true);
  });
}

export function addMinute() {
  if (state.timer && !state.ended) control({ add: 60 }, "add a minute");
}

function clear() {
  control({ seconds: null }, "clear the timer").then((ok) => {
    if (ok && ui.timerMenu.open) closeMenu(ui.timerMenu, true);
  });
}

/** "7", "1.5" or "1,5" minutes, or "1:30": whole seconds, or null when it is not a time. */
export function parseMinutes(text) {
  const value = String(text || "").trim().replace(",", ".");
  let match = /^(\d{1,4}):([0-5]\d)$/.exec(value);
  if (match) return Number(match[1]) * 60 + Number(match[2]);
  match = /^\d{0,4}(\.\d+)?$/.exec(value);
  if (value && match) return Math.round(Number(value) * 60);
  return null;
}

/** The shortcut T: open the menu with the keyboard on its first choice (+1 min while it runs,
    else the suggested time, else the first preset). */
export function openTimerMenu() {
  if (state.ended) return;
  ui.timerMenu.open = true;
  const first = state.timer ? ui.timerMenuAdd : !suggested.hidden ? suggested : ui.timerPresets.querySelector("button");
  (first.disabled ? ui.timerLock : first).focus();
}

dismissible(ui.timerMenu);
ui.timerMenu.addEventListener("toggle", () => {
  if (!ui.timerMenu.open) showError(ui.timerError, "");
});
ui.timerPresets.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-minutes]");
  if (button && !button.disabled) start(Number(button.dataset.minutes) * 60);
});
ui.timerCustom.addEventListener("submit", (event) => {
  event.preventDefault();
  const seconds = parseMinutes(ui.timerMinutes.value);
  if (seconds === null) {
    showError(ui.timerError, "Type a number of minutes, such as 7 or 1:30.");
    ui.timerMinutes.focus();
    return;
  }
  start(seconds);
});
suggested.addEventListener("click", () => {
  if (!suggested.disabled && suggestion !== null) start(suggestion * 60);
});
ui.timerAdd.addEventListener("click", addMinute);
ui.timerMenuAdd.addEventListener("click", addMinute);
ui.timerClear.addEventListener("click", clear);
ui.timerMenuClear.addEventListener("click", clear);
