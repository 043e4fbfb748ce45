/* "Not sent yet": answers from other steps that the server does not have, at the top of
   the page. Folded to one line by default (the current step's first box stays on the first
   screen), always with the count, so nothing kept for later is out of sight or forgotten. */

function summary(n, ended, closed) {
  const one = n === 1;
  if (ended) return n ? `${one ? "One answer was" : `${n} answers were`} not sent before the end. ${one ? "It is" : "They are"} kept in your take-home file.` : "";
  if (n && closed === n) return `${one ? "One answer" : `${n} answers`} from closed steps ${one ? "is" : "are"} kept on this phone, in your take-home file.`;
  if (closed) return `${n} answers from other steps are kept on this phone. Send the ones from open steps whenever you like; the others go in your take-home file.`;
  if (n) return `${one ? "One answer" : `${n} answers`} from other steps ${one ? "is" : "are"} kept on this phone. Send ${one ? "it" : "them"} whenever you like.`;
  return "All sent.";
}

export function unsentList(ui) {
  let open = false;
  let ended = false;

  function apply() {
    ui.toggle.setAttribute("aria-expanded", String(open));
    ui.toggleLabel.textContent = open ? "Hide" : "Show";
    ui.list.hidden = !open;
    ui.text.hidden = !open && !ended; // folded to its heading line, except to say what the end means
  }

  ui.toggle.addEventListener("click", () => {
    open = !open;
    apply();
  });
  apply();

  return {
    /** n: answers not sent; total: forms in the list (sent ones stay until the next step);
        closed: how many of the n belong to closed steps (they cannot be sent now). */
    update(n, total, isEnded, closed = 0) {
      ended = isEnded;
      apply();
      ui.root.hidden = total === 0 || (n === 0 && !open); // all sent, folded: nothing left to say
      ui.count.textContent = String(n);
      ui.count.hidden = n === 0;
      ui.text.textContent = summary(n, ended, closed);
    },
  };
}
