/* One question's answer form: the prompt, the box, the feedback line right under the box
   (errors, "saved on this phone", …) and the button, which reads Send, then a quiet
   "Sent ✓" while the box holds exactly what the server stored, and Update once it is
   edited. Ids other code and tests rely on: #answer-<qid>, #status-<qid>, .send-button.
   Scales and choices have forms of their own with the same parts (phone/pick-form.js);
   paint() and showError() serve all three. Participant text only ever goes in through
   .value / textContent. */
import * as F from "../common.js";

export function answerForm(q, heading, { maxAnswer, text, onSubmit, onInput }) {
  const fieldId = `answer-${q.id}`;
  const statusId = `status-${q.id}`;
  const countId = `count-${q.id}`;
  const textarea = F.el("textarea", {
    className: "answer-input",
    attrs: { id: fieldId, name: "answer", rows: 4, maxlength: maxAnswer, "aria-describedby": `${statusId} ${countId}`, autocomplete: "off" },
  });
  textarea.value = text;
  const buttonLabel = F.el("span", { className: "send-label", text: "Send" });
  const button = F.el("button", { className: "button button-primary send-button", attrs: { type: "submit" } }, [buttonLabel]);
  const count = F.el("span", { className: "char-count", attrs: { id: countId } });
  const status = F.el("p", { className: "answer-status", attrs: { id: statusId, role: "status", "aria-live": "polite" } });
  const label = F.el("label", { className: "question-prompt", attrs: { for: fieldId } }, [
    heading ? F.el("span", { className: "question-number", text: heading }) : null,
    F.el("span", { className: "question-text", text: q.prompt }),
  ]);
  const root = F.el("form", { className: "answer-form", attrs: { novalidate: true }, dataset: { questionId: q.id } }, [
    label,
    textarea,
    status,
    F.el("div", { className: "answer-actions" }, [count, button]),
  ]);
  root.addEventListener("submit", (event) => {
    event.preventDefault();
    onSubmit();
  });
  textarea.addEventListener("input", () => onInput(textarea.value));
  return {
    root, textarea, button, buttonLabel, status, count,
    kind: "text",
    read: () => textarea.value,
    write: (value) => { textarea.value = value; },
    setDisabled: (disabled) => { textarea.disabled = disabled; },
    setInvalid(invalid) {
      if (invalid) textarea.setAttribute("aria-invalid", "true");
      else textarea.removeAttribute("aria-invalid");
    },
    focusTarget: () => textarea,
  };
}

/**
 * Show a state on a form. status: {text, state} (state: "", sent, sending, queued, dirty,
 * error, lost, closed); label: the button's word (sentWord once acknowledged: "Kept ✓" for a
 * private answer); ended: no more sending; closed: the step
 * takes no answers now (the box stays editable: the text is the person's, for the take-home).
 */
export function paint(form, status, { label, sentWord = "Sent ✓", ended, closed = false, maxAnswer }) {
  if (form.status.textContent !== status.text) form.status.textContent = status.text;
  form.status.dataset.state = status.state;
  form.root.dataset.state = status.state;
  const sent = status.state === "sent";
  // While it can be sent, "Sent ✓" lives on the button and the line under the box keeps it for
  // screen readers only; at the end the button goes and the line shows it.
  form.status.classList.toggle("visually-hidden", sent && !ended);
  const word = sent ? sentWord : closed ? "Closed" : label;
  if (form.buttonLabel.textContent !== word) form.buttonLabel.textContent = word;
  form.button.classList.toggle("button-primary", !sent);
  form.button.classList.toggle("send-button-sent", sent);
  form.button.disabled = ended || closed;
  form.button.hidden = ended;
  form.setDisabled(ended);
  form.setInvalid(status.state === "error");
  if (!form.textarea) return; // a scale or a choice: no characters to count
  const length = form.textarea.value.length;
  form.count.textContent = length > maxAnswer * 0.8 ? `${length} / ${maxAnswer}` : "";
  form.count.dataset.over = String(length > maxAnswer);
}

/** Bring an error into view next to its field, without stealing the keyboard elsewhere. */
export function showError(form) {
  form.status.scrollIntoView({ block: "center", behavior: "smooth" });
  form.focusTarget().focus({ preventScroll: true });
}
