/* The end with a grace period (`closing {"ends_at", "now"}`): a banner that stays in sight
   while the person types, "Closing in 30 s — send what you have", counting down; the
   session then ends with `ended`, as before. The count is read aloud once, at the start. */
import { clock, countdown, everySecond } from "../countdown.js";

const inWords = (s) => (s < 60 ? `${s} s` : clock(s));

export function closingBanner(ui, { announce }) {
  let endsAt = null;
  let stop = () => {};

  function hide() {
    stop();
    stop = () => {};
    endsAt = null;
    ui.root.hidden = true;
  }

  return {
    set(data) {
      const left = data && typeof data === "object" ? countdown(data.ends_at, data.now) : null;
      if (!left) {
        hide();
        return;
      }
      if (data.ends_at === endsAt) return;
      const first = endsAt === null;
      stop();
      endsAt = data.ends_at;
      ui.root.hidden = false;
      stop = everySecond(left, (s) => {
        ui.count.textContent = s > 0 ? `Closing in ${inWords(s)}` : "Closing now";
      });
      const s = Math.ceil(left() / 1000);
      if (first) announce(`The session closes in ${s < 60 ? `${s} seconds` : clock(s)}. Send what you have.`);
    },
    hide,
  };
}
