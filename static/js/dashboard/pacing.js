/* Pacing: facilitator-led (every phone on the facilitator's step) or self-paced (each phone
   has its own Back/Next). Self-paced, the server's `progress` says how many phones are on each
   step: a strip under the bar ("Where people are") and counts in the steps menu show it. The
   mode comes from `pacing` pushes, so every dashboard shows the same. */
import * as F from "../common.js";
import { send } from "./send.js";
import { setMessage, state, ui } from "./state.js";
import { renderStepList } from "./steps.js";

export function setPacing(mode) {
  if (mode !== "self" && mode !== "facilitator") return;
  state.pacing = mode;
  renderPacing();
  renderStepList();
}

/** The `progress` push ({steps: [{index, participants}]}, only steps with someone), or the
    host state's `progress` (that list itself). */
export function setProgress(data) {
  state.progress.clear();
  const steps = Array.isArray(data) ? data : data && Array.isArray(data.steps) ? data.steps : [];
  for (const item of steps) {
    if (item && Number.isInteger(item.index) && Number.isInteger(item.participants) && item.participants > 0) {
      state.progress.set(item.index, item.participants);
    }
  }
  renderStrip();
  renderStepList();
}

/** How many phones are on a step, when that is worth saying (self-paced only). */
export function peopleOn(index) {
  return state.pacing === "self" ? state.progress.get(index) || 0 : null;
}

export function renderPacing() {
  for (const button of ui.pacing.querySelectorAll("button.pacing-option")) {
    button.setAttribute("aria-pressed", String(button.dataset.mode === state.pacing));
    button.disabled = !state.hosted || state.ended;
  }
  ui.pacing.hidden = state.ended;
  renderStrip();
}

function renderStrip() {
  const on = state.pacing === "self" && !state.ended;
  ui.paceStrip.hidden = !on;
  if (!on) return;
  const current = state.step ? state.step.index : -1;
  const max = Math.max(1, ...state.progress.values());
  ui.paceList.replaceChildren(...state.steps.map((s) => {
    const n = state.progress.get(s.index) || 0;
    return F.el("li", {
      className: `pace-step${n ? "" : " is-empty"}${s.index === current ? " is-current" : ""}`,
      attrs: { title: s.title },
      dataset: { index: s.index, people: n },
    }, [
      F.el("span", { className: "pace-name" }, [
        document.createTextNode(`Step ${s.index + 1}`),
        F.el("span", { className: "visually-hidden", text: `, ${s.title}${s.index === current ? " (on this screen)" : ""}:` }),
      ]),
      F.el("span", { className: "pace-count", text: n }),
      F.el("span", { className: "visually-hidden", text: n === 1 ? " person" : " people" }),
      F.el("span", { className: "pace-meter", attrs: { "aria-hidden": "true" } }, [
        F.el("span", { className: "pace-meter-fill" }),
      ]),
    ]);
  }));
  ui.paceList.querySelectorAll(".pace-step").forEach((li) => {
    const share = (Number(li.dataset.people) / max) * 100;
    li.querySelector(".pace-meter-fill").style.setProperty("--w", `${share.toFixed(1)}%`);
  });
}

ui.pacing.addEventListener("click", async (event) => {
  const button = event.target.closest("button.pacing-option");
  if (!button || button.disabled || button.dataset.mode === state.pacing) return;
  const mode = button.dataset.mode;
  for (const b of ui.pacing.querySelectorAll("button")) b.disabled = true;
  const ack = await send("pacing", { mode });
  if (ack.ok) {
    setMessage("");
    setPacing(mode);
  } else {
    setMessage(`Could not change the pacing: ${F.errorMessage(ack)}`);
  }
  renderPacing();
});
