/* One answer in the spotlight: the server sends it scrubbed, with its question's prompt and
   never an id; it goes in through textContent only. The quotation marks are drawn by CSS,
   so the text on the page is exactly the answer's. */

/** data: the `spotlight` push or state ({text, question}), or null. Returns whether one is up. */
export function drawSpotlight({ question, text }, data) {
  const up = Boolean(data && typeof data === "object" && typeof data.text === "string" && data.text.trim());
  text.textContent = up ? data.text.trim() : "";
  question.textContent = up && typeof data.question === "string" ? data.question : "";
  question.hidden = !question.textContent;
  // A short answer is shown bigger still (css: data-length).
  text.dataset.length = !up ? "" : data.text.length <= 80 ? "short" : data.text.length <= 280 ? "medium" : "long";
  return up;
}
