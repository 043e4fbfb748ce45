/* Closed steps (the facilitator's `lock`): which steps take no more answers, and the note
   on the step on screen. Answers there cannot be sent, but nothing typed is taken away:
   the boxes stay editable and every unsent text goes in the take-home, marked not sent.
   The server is the authority: STEP payloads carry `locked`, the `locked` push lists every
   closed step, and an answer refused with the code `locked` closes its question here too. */

export function closedSteps() {
  const steps = new Set();
  const refused = new Set(); // questions refused as closed whose step this phone does not know

  return {
    /** The `locked` push (or the join ack's list): every closed step. */
    setAll(indices) {
      steps.clear();
      refused.clear();
      for (const i of indices) if (Number.isInteger(i)) steps.add(i);
    },
    /** A STEP payload's own `locked`. */
    learn(step) {
      if (!step || typeof step.locked !== "boolean") return;
      if (step.locked) steps.add(step.index);
      else steps.delete(step.index);
    },
    /** The server refused an answer with `locked`. */
    refuse(qid, stepIndex) {
      if (stepIndex >= 0) steps.add(stepIndex);
      else refused.add(qid);
    },
    question: (qid, stepIndex) => refused.has(qid) || (stepIndex >= 0 && steps.has(stepIndex)),
    step: (index) => steps.has(index),
  };
}

/** The note above the questions. Announced when the step on screen closes or reopens. */
export function closedNote(ui, { announce }) {
  let last = null; // {index, closed} as last shown

  return {
    update(index, closed, hasQuestions) {
      const show = closed && hasQuestions;
      ui.root.hidden = !show;
      if (last && last.index === index && last.closed !== closed && hasQuestions) {
        announce(closed
          ? "Answers for this step are closed. What you wrote stays on this phone, in your take-home file."
          : "Answers for this step are open again. You can send now.");
      }
      last = { index, closed };
    },
  };
}
