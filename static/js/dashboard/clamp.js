/* Long answers are cut to a few lines (css/dashboard.css) so one essay never stretches a
   whole row of cards; a card whose text is cut gets "Read all", which opens it across the
   row. Whether a text is cut is measured (it depends on the card's width), again whenever
   the card's size changes, e.g. when its question's tab is shown. */
import { ui } from "./state.js";

const observer = typeof ResizeObserver === "function"
  ? new ResizeObserver((entries) => entries.forEach((entry) => updateClamp(entry.target.closest("li.answer-card"))))
  : null;

export function watchClamp(card) {
  if (observer) observer.observe(card.querySelector(".answer-text"));
}

export function updateClamp(card) {
  if (!card) return;
  const text = card.querySelector(".answer-text");
  const button = card.querySelector("button.answer-more");
  if (card.classList.contains("is-expanded")) {
    button.hidden = false;
    return;
  }
  if (text.clientHeight === 0) return; // not shown: measured once it is
  button.hidden = text.scrollHeight <= text.clientHeight + 1;
}

ui.questions.addEventListener("click", (event) => {
  const button = event.target.closest("button.answer-more");
  if (!button) return;
  const card = button.closest("li.answer-card");
  const open = !card.classList.contains("is-expanded");
  card.classList.toggle("is-expanded", open);
  button.setAttribute("aria-expanded", String(open));
  button.textContent = open ? "Show less" : "Read all";
  if (!open) {
    updateClamp(card);
    card.scrollIntoView({ block: "nearest" });
  }
});
