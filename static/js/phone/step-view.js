/* The step on screen: its title, guidance, progress, timer place and answer forms, and the
   "Not sent yet" list of other steps' unsent answers above it. Boxes are kept while their
   step stays (a reconnect never interrupts typing), and a draft is saved before its box goes.
   Scales and choices get their own forms (phone/pick-form.js), which work the same way. */
import { answerForm } from "./answer-form.js";
import { kindOf } from "./kinds.js";
import { choiceForm, scaleForm } from "./pick-form.js";
import { shareChoice } from "./share-choice.js";

/** ui: the page's elements (phone.js); parts: answers, send(qid), hints, unsent, guide, nav,
    timer, closed, closedHere, announce, learnSteps(steps), maxAnswer, saveShares(). */
export function stepView(state, ui, parts) {
  const { answers, hints, unsent, guide, nav, timer, closed, closedHere, announce } = parts;

  /** A scale's or choice's form: a tap chooses (kept as a draft), Send sends. */
  /** What every answer form does as its person changes it: keep the draft, clear a stale
      error, refresh its state; a text's typing is also a "writing" hint. */
  function edited(q, value, typing) {
    answers.saveDraft(q.id, value);
    const note = state.notes.get(q.id);
    if (note && note.state === "error") state.notes.delete(q.id);
    answers.refresh(q.id);
    if (typing && answers.unsentText(q.id) && !answers.isClosed(q.id)) hints.typed(q.id); // nobody "writes" into a closed step
    renderUnsent(false);
  }

  function questionForm(q, heading) {
    const handlers = { onSubmit: () => parts.send(q.id) };
    let form;
    if (kindOf(q) === "text") {
      form = answerForm(q, heading, {
        ...handlers,
        maxAnswer: parts.maxAnswer,
        text: answers.currentText(q.id),
        onInput: (value) => edited(q, value, true),
      });
    } else {
      const build = kindOf(q) === "scale" ? scaleForm : choiceForm;
      form = build(q, heading, { ...handlers, key: answers.currentText(q.id), onInput: (value) => edited(q, value, false) });
    }
    // Who sees it, chosen right under the field's Send (which stays on the first screen of a
    // small phone): a change of level is a change to send (or keep).
    form.share = shareChoice(q, {
      chosen: answers.shareOf(q.id),
      minGroup: () => state.minGroup,
      onChange: (level) => {
        state.shares.set(q.id, level);
        parts.saveShares();
        edited(q, form.read(), false);
      },
    });
    form.root.append(form.share.root);
    state.forms.set(q.id, form);
    return form.root;
  }

  /** Fill "Not sent yet" with the other steps' unsent answers. `prune`: also drop the forms that
      were sent meanwhile (on a new step; until then a sent one stays, showing "Sent ✓"). */
  function renderUnsent(prune) {
    if (!state.step) return;
    const current = new Set(state.step.questions.map((q) => q.id));
    const others = Array.from(state.known.entries())
      .filter(([qid]) => !current.has(qid) && answers.notStored(qid))
      .sort((a, b) => a[1].stepIndex - b[1].stepIndex);
    const wanted = new Set(others.map(([qid]) => qid));
    for (const [qid, form] of Array.from(state.forms)) {
      if (current.has(qid) || wanted.has(qid) || !prune) continue;
      if (form.root.contains(document.activeElement)) continue; // never yank a box away while typing
      form.root.remove();
      state.forms.delete(qid);
    }
    for (const [qid, info] of others) {
      if (state.forms.has(qid)) continue;
      const where = info.stepIndex >= 0 ? `Step ${info.stepIndex + 1} · ${info.stepTitle}` : `From “${info.stepTitle}”`;
      ui.unsentQuestions.append(questionForm(info.question || { id: qid, prompt: info.prompt }, where));
      answers.refresh(qid);
    }
    const listed = Array.from(ui.unsentQuestions.children).map((node) => node.dataset.questionId);
    const waiting = listed.filter(answers.notStored);
    unsent.update(waiting.length, listed.length, state.ended, waiting.filter(answers.isClosed).length);
  }

  function renderStep(step) {
    const changed = !state.step || state.step.index !== step.index;
    state.step = step;
    const questions = step.questions;
    parts.learnSteps([step]);

    const sameQuestions = !changed
      && questions.length === ui.questions.children.length
      && questions.every((q, i) => ui.questions.children[i].dataset.questionId === q.id);
    ui.notice.hidden = true;
    ui.step.hidden = false;
    showProgress();
    nav.setStep(step);
    placeTimer();
    closedHere.update(step.index, closed.step(step.index), questions.length > 0);
    ui.title.textContent = step.title;
    if (changed || state.guidanceText !== step.guidance) {
      state.guidanceText = step.guidance;
      guide.render(step.guidance, questions.length > 0);
    }
    ui.readAlong.hidden = questions.length > 0;

    if (sameQuestions) {
      // The same step again (a reconnect): keep the boxes, so typing is never interrupted.
      answers.refreshAll();
      renderUnsent(false);
      return;
    }
    // Remember what is in the boxes before they are replaced; unsent ones come back in "Not sent yet".
    for (const [qid, form] of state.forms) answers.saveDraft(qid, form.read());
    const next = new Set(questions.map((q) => q.id));
    for (const [qid, form] of Array.from(state.forms)) {
      if (ui.unsentQuestions.contains(form.root) && !next.has(qid)) continue; // still in "Not sent yet"
      form.root.remove();
      state.forms.delete(qid);
    }
    ui.questions.replaceChildren(
      ...questions.map((q, i) => questionForm(q, questions.length > 1 ? `Question ${i + 1} of ${questions.length}` : null)),
    );
    answers.refreshAll();
    renderUnsent(true);

    if (changed) {
      if (state.everShownStep) window.scrollTo({ top: 0, behavior: "smooth" });
      state.everShownStep = true;
      announce(`Step ${step.index + 1} of ${step.count}: ${step.title}`);
    }
  }

  function showProgress() {
    if (!state.step) return;
    const own = state.pacing === "self" ? " · at your own pace" : "";
    ui.progress.textContent = `Step ${state.step.index + 1} of ${state.step.count}${own}`;
  }

  function placeTimer() {
    timer.place(state.step ? state.step.index : null, state.pacing === "self", state.ended);
  }

  return { renderStep, renderUnsent, showProgress, placeTimer };
}
