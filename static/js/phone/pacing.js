/* Self pacing: in the facilitator's `pacing {"mode": "self"}` the phone has its own Back
   and Next, which ask the server for the step (`view {"index"}`, acked with that STEP).
   The phone's own moves are not the facilitator moving it: moves.js shows the acked step
   directly, never through the moved-on banner. In facilitator mode the buttons are gone
   and the phone follows the `step` pushes again. */

export function pacingNav(ui, { move }) {
  let self = false;
  let step = null; // {index, count} on screen
  let live = false;
  let busy = false;

  function render() {
    ui.root.hidden = !self || !step;
    if (!step) return;
    ui.back.disabled = busy || !live || step.index <= 0;
    ui.next.disabled = busy || !live || step.index >= step.count - 1;
    ui.next.textContent = step.index >= step.count - 1 ? "Last step" : "Next";
  }

  async function go(delta) {
    if (!step || busy) return;
    busy = true;
    ui.status.textContent = "";
    render();
    const ack = await move(step.index + delta);
    busy = false;
    if (!ack.ok && self) ui.status.textContent = ack.error && ack.error.code === "forbidden"
      ? "The facilitator is leading the steps now."
      : (ack.error && ack.error.message) || "Could not move. Try again in a moment.";
    render();
  }

  ui.back.addEventListener("click", () => go(-1));
  ui.next.addEventListener("click", () => go(1));

  return {
    get self() {
      return self;
    },
    setMode(selfPaced) {
      self = selfPaced;
      ui.status.textContent = "";
      render();
    },
    setStep(shown) {
      step = shown && Number.isInteger(shown.index) ? { index: shown.index, count: Number(shown.count) || shown.index + 1 } : null;
      render();
    },
    setLive(connected) {
      live = connected;
      render();
    },
    hide() {
      self = false;
      render();
    },
  };
}
