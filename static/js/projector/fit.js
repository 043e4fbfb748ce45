/* Fulcrum projector: shrink a box's text until all of it shows. Nobody scrolls a projector,
   and a step's questions (or a theme list with quotes) can be short or very long, so the
   box's sizes in projector.css are multiples of its --fit, which this lowers (down to a
   floor) until the content no longer overflows the box. */

const FLOOR = 0.3; // below this the text is too small to read anyway
const STEPS = 8; // binary search: 1/256 of the range is finer than a pixel of text

function overflows(box) {
  return box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1;
}

/** Fit `box` (a flex child with a fixed height, overflow hidden). Hidden boxes are skipped. */
export function fit(box) {
  if (!box || box.hidden || box.getClientRects().length === 0) return;
  box.style.setProperty("--fit", "1");
  if (!overflows(box)) return;
  let lo = FLOOR;
  let hi = 1;
  for (let i = 0; i < STEPS; i += 1) {
    const mid = (lo + hi) / 2;
    box.style.setProperty("--fit", mid.toFixed(4));
    if (overflows(box)) hi = mid;
    else lo = mid;
  }
  box.style.setProperty("--fit", lo.toFixed(4));
}

/** Fit `boxes` now and whenever the screen changes size; returns a function to refit
    after the content changed (coalesced to one fit per frame). */
export function fitting(boxes) {
  let due = false;
  const refit = () => {
    if (due) return;
    due = true;
    window.requestAnimationFrame(() => {
      due = false;
      boxes.forEach(fit);
    });
  };
  window.addEventListener("resize", refit);
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(refit);
  refit();
  return refit;
}
