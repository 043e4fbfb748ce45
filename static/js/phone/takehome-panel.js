/* Where the take-home is offered: the small link while the session runs, the prominent
   card at the end (with how many answers were not sent), and the download itself, built
   from the outline the join ack gave, or else from the questions this phone has seen.
   The file itself is made in ./takehome.js. */
import * as TakeHome from "./takehome.js";

/** ui: takehomeEnd, takehomeSmall, takehomeText, and the two download buttons;
    answerOf(qid) → {text, sent, share} (phone/answers.js). */
export function takeHomePanel(state, ui, { answerOf }) {
  /** The worksheet's steps with questions: the outline from the join ack, else the questions seen here. */
  function steps() {
    if (state.sheet.steps.length) return state.sheet.steps;
    const found = new Map();
    for (const [id, info] of state.known) {
      if (!found.has(info.stepTitle)) found.set(info.stepTitle, { index: info.stepIndex, title: info.stepTitle, questions: [] });
      found.get(info.stepTitle).questions.push({ id, prompt: info.prompt });
    }
    return Array.from(found.values());
  }

  function download() {
    const sheet = { ...state.sheet, steps: steps() };
    const day = new Date(state.sheet.date || Date.now());
    TakeHome.download(TakeHome.fileName(sheet), TakeHome.markdown(sheet, answerOf, Number.isNaN(day.getTime()) ? new Date() : day));
  }

  function show() {
    const available = steps().length > 0;
    ui.takehomeEnd.hidden = !(available && state.ended);
    ui.takehomeSmall.hidden = !(available && !state.ended);
    if (!state.ended) return;
    const unsentCount = steps().flatMap((s) => s.questions).filter((q) => {
      const { text: value, sent, share } = answerOf(q.id);
      return value && !sent && share !== "private"; // a private one was never to be sent
    }).length;
    ui.takehomeText.textContent = "Save the worksheet with your own answers as a file, made right here on this phone."
      + (unsentCount ? ` ${unsentCount === 1 ? "One answer was" : `${unsentCount} answers were`} not sent: ${unsentCount === 1 ? "it is" : "they are"} in the file too, marked “Not sent”.` : "");
  }

  ui.download.addEventListener("click", download);
  ui.link.addEventListener("click", download);

  return { steps, show };
}
