/* The sheet: what the take-home needs, kept on the phone (phone/store.js) so the file can
   still be made after the session has ended and the page is reloaded — the worksheet's
   title, purpose, conclusion and steps with their questions (the join ack's outline), the
   furthest step the session reached, the session's title and day, and whether it ended.
   Anything read back from storage is checked before use. */

const str = (value) => (typeof value === "string" ? value : "");

export function blankSheet() {
  return { title: "", sessionTitle: "", purpose: "", conclusion: "", reached: 0, steps: [], ended: false, date: "" };
}

/** Steps as the outline and STEP carry them: {title, questions: [{id, prompt}]}. */
export function validSteps(steps) {
  return Array.isArray(steps) && steps.every((step) => step && typeof step.title === "string"
    && Array.isArray(step.questions) && step.questions.every((q) => q && typeof q.id === "string" && typeof q.prompt === "string"));
}

export function validStep(step) {
  return Boolean(step && Number.isInteger(step.index) && validSteps([step]));
}

/** A sheet saved earlier, or null; its `answers` are what was acknowledged then (a private
    one's text too: it is only here), `shares` at which level. */
export function readSheet(saved) {
  if (!saved || !validSteps(saved.steps)) return null;
  const answers = new Map();
  for (const [qid, value] of Object.entries(saved.answers && typeof saved.answers === "object" ? saved.answers : {})) {
    if (typeof value === "string") answers.set(qid, value);
  }
  const shares = new Map();
  for (const [qid, level] of Object.entries(saved.shares && typeof saved.shares === "object" ? saved.shares : {})) {
    if (["private", "facilitator", "group"].includes(level)) shares.set(qid, level);
  }
  return {
    sheet: {
      title: str(saved.title),
      sessionTitle: str(saved.sessionTitle),
      purpose: str(saved.purpose),
      conclusion: str(saved.conclusion),
      reached: Number.isInteger(saved.reached) ? saved.reached : 0,
      steps: saved.steps,
      ended: saved.ended === true,
      date: str(saved.date),
    },
    answers,
    shares,
  };
}

/** Take in the join ack's `worksheet`; false if it is not one. `reached` only ever grows. */
export function takeOutline(sheet, outline) {
  if (!outline || typeof outline.title !== "string" || !validSteps(outline.steps)) return false;
  Object.assign(sheet, {
    title: outline.title,
    purpose: str(outline.purpose),
    conclusion: str(outline.conclusion),
    steps: outline.steps,
    reached: Math.max(sheet.reached, Number.isInteger(outline.reached) ? outline.reached : 0),
  });
  return true;
}
