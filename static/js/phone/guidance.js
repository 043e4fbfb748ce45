/* A step's guidance. On a step with questions only its first lines show, with a
   "Read more" toggle, so the first answer box is on a small phone's first screen; the
   Purpose and Conclusion steps (nothing to answer) read in full. The clipped text stays
   in the page (screen readers read it all; the toggle is for eyes). */
import * as F from "../common.js";

export function guidance(container, toggle) {
  let expanded = false;

  function apply() {
    container.dataset.clamped = String(!expanded);
    toggle.setAttribute("aria-expanded", String(expanded));
    toggle.textContent = expanded ? "Show less" : "Read more";
  }

  toggle.addEventListener("click", () => {
    expanded = !expanded;
    apply();
    if (!expanded) container.scrollIntoView({ block: "nearest" });
  });

  return {
    /** Show `text`; clamp it when the step has questions and it is longer than the clamp. */
    render(text, hasQuestions) {
      const count = F.paragraphs(container, text);
      container.hidden = count === 0;
      expanded = false;
      toggle.hidden = true;
      delete container.dataset.clamped;
      if (!count || !hasQuestions) return;
      apply();
      // Measured with the clamp on: a short guidance fits and needs no toggle.
      if (container.scrollHeight <= container.clientHeight + 2) {
        delete container.dataset.clamped;
        return;
      }
      toggle.hidden = false;
    },
  };
}
