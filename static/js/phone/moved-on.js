/* The banner shown when the facilitator moves on while the person has unsent text on the
   step in front of them: the step (and the text) stays where it is, and the person
   chooses to send it now or keep it for later; only then does the new step appear.
   It never takes the focus (the person may be mid-sentence); the announcer tells
   screen readers. */

/** The banner takes room at the top: scroll so the box being typed in stays where it was on
    the screen, and not under the (sticky) banner. */
function keepInPlace(root, box, before) {
  window.scrollBy(0, box.getBoundingClientRect().top - before);
  const banner = root.getBoundingClientRect();
  const top = box.getBoundingClientRect().top;
  if (top < banner.bottom + 8) window.scrollBy(0, top - banner.bottom - 8);
}

export function movedOnBanner(ui, { onSend, onKeep, announce }) {
  let acted = false; // a button was pressed (a disabled "Sending…" button no longer holds the focus)
  ui.send.addEventListener("click", () => {
    acted = true;
    onSend();
  });
  ui.keep.addEventListener("click", () => {
    acted = true;
    onKeep();
  });

  return {
    /** step: where the facilitator is now; count: unsent answers here; sending: "Send it now" is under way. */
    show(step, count, sending) {
      const where = `Step ${step.index + 1}`;
      ui.title.textContent = `The facilitator moved to ${where}`;
      const yours = count > 1 ? `Your ${count} answers here are not sent yet.` : "Your answer here is not sent yet.";
      ui.text.textContent = step.title ? `“${step.title}”. ${yours}` : yours;
      this.busy(Boolean(sending));
      const first = ui.root.hidden;
      const typing = document.activeElement && document.activeElement.tagName === "TEXTAREA" ? document.activeElement : null;
      const before = typing ? typing.getBoundingClientRect().top : 0;
      ui.root.hidden = false;
      if (first && typing) keepInPlace(ui.root, typing, before);
      if (first) {
        acted = false;
        announce(`The facilitator moved to ${where}. ${yours} Send it now, or keep it for later.`);
      }
    },
    busy(sending) {
      ui.send.disabled = sending;
      ui.keep.disabled = sending;
      ui.send.textContent = sending ? "Sending…" : "Send it now";
    },
    hide() {
      ui.root.hidden = true;
    },
    /** The person answered the banner (or is on it): the keyboard should move on with them. */
    usedByKeyboardOrTap() {
      return !ui.root.hidden && (acted || ui.root.contains(document.activeElement));
    },
  };
}
