/* Fulcrum: the facilitator's live dashboard (/sessions/ID).
   Hosts the session over Socket.IO (again on every reconnect), moves the room between
   steps, shows answers as they arrive and each question's themes (rename, merge, move an
   answer, show on the projector). Answer text and theme labels only ever go through textContent. */
"use strict";

(function () {
  const F = window.Fulcrum;
  const root = document.getElementById("dashboard");
  if (!root || !F) return;

  const sessionId = Number(root.dataset.sessionId);
  const $ = (id) => document.getElementById(id);
  const ui = {
    title: $("session-title"),
    code: $("room-code"),
    joinUrl: $("join-url"),
    participants: $("participant-count"),
    connection: $("connection"),
    message: $("dash-message"),
    endedBanner: $("ended-banner"),
    endForm: $("end-form"),
    stepList: $("step-list"),
    progress: $("step-progress"),
    stepTitle: $("step-title"),
    guidanceBox: $("guidance-box"),
    guidance: $("step-guidance"),
    readAlong: $("read-along"),
    questions: $("questions"),
    prev: $("prev-step"),
    next: $("next-step"),
    revealNote: $("reveal-note"),
    revealNoteText: $("reveal-note-text"),
    revealOff: $("reveal-off"),
  };

  const state = {
    socket: null,
    hosted: false,
    busy: false,
    ended: root.dataset.status === "ended",
    steps: [],
    step: null,
    answers: new Map(), // answer id → {id, question_id, text, at, seq}
    seq: 0, // newest answer (or revision) has the highest seq
    guidanceOpen: false, // the facilitator's choice for steps with questions
    themes: new Map(), // question id → its latest `themes` event (cleaned)
    expanded: new Map(), // question id → the id (string) of the theme shown open
    unthemedOpen: new Set(), // question ids whose unthemed answers are listed
    revealed: null, // the question whose themes the projector shows
    prompts: new Map(), // question id → prompt, for every step seen
    pendingFocus: null, // {qid, target}: where focus goes once an edited answer has left the list
  };

  /* ---------- Small helpers ---------- */

  function setMessage(text) {
    ui.message.textContent = text || "";
  }

  function setParticipants(n) {
    if (typeof n !== "number") return;
    ui.participants.textContent = `${n} connected`;
  }

  /** The step a question belongs to. Question ids are "s<step index>q<n>" (docs/worksheets.md). */
  function stepOfQuestion(qid) {
    if (state.step && state.step.questions.some((q) => q.id === qid)) return state.step.index;
    const match = /^s(\d+)q\d+$/.exec(qid);
    return match ? Number(match[1]) : null;
  }

  function answersFor(qid) {
    return Array.from(state.answers.values())
      .filter((a) => a.question_id === qid)
      .sort((a, b) => b.seq - a.seq);
  }

  function answerCountsByStep() {
    const counts = new Map();
    for (const a of state.answers.values()) {
      const index = stepOfQuestion(a.question_id);
      if (index !== null) counts.set(index, (counts.get(index) || 0) + 1);
    }
    return counts;
  }

  /* ---------- Step list and navigation ---------- */

  function stepBadge(count) {
    if (!count) return null;
    return F.el("span", { className: "step-answers", attrs: { title: F.plural(count, "answer", "answers") } }, [
      document.createTextNode(String(count)),
      F.el("span", { className: "visually-hidden", text: count === 1 ? " answer" : " answers" }),
    ]);
  }

  function renderStepList() {
    const counts = answerCountsByStep();
    const current = state.step ? state.step.index : -1;
    const existing = ui.stepList.querySelectorAll(".step-button");
    if (existing.length !== state.steps.length) {
      ui.stepList.replaceChildren(...state.steps.map((s) => F.el("li", {}, [
        F.el("button", { className: "step-button", attrs: { type: "button" }, dataset: { index: s.index } }, [
          F.el("span", { className: "step-number", text: `${s.index + 1}.` }),
          F.el("span", { className: "step-name", text: s.title }),
        ]),
      ])));
    }
    // Update in place, so a focused step button keeps the keyboard focus.
    ui.stepList.querySelectorAll(".step-button").forEach((button, i) => {
      const s = state.steps[i];
      button.querySelector(".step-name").textContent = s.title;
      if (s.index === current) button.setAttribute("aria-current", "step");
      else button.removeAttribute("aria-current");
      button.disabled = state.ended || !state.hosted;
      const count = counts.get(s.index) || 0;
      const old = button.querySelector(".step-answers");
      if (!old || old.firstChild.nodeValue !== String(count)) {
        if (old) old.remove();
        const badge = stepBadge(count);
        if (badge) button.append(badge);
      }
    });
  }

  function updateControls() {
    const index = state.step ? state.step.index : 0;
    const count = state.step ? state.step.count : 0;
    const locked = state.ended || !state.hosted || state.busy || !state.step;
    ui.prev.disabled = locked || index <= 0;
    ui.next.disabled = locked || index >= count - 1;
    for (const button of ui.stepList.querySelectorAll(".step-button")) {
      button.disabled = state.ended || !state.hosted;
    }
    updateReveal();
  }

  function goto(index) {
    if (state.ended || !state.hosted || state.busy || !state.step) return;
    if (index < 0 || index >= state.step.count || index === state.step.index) return;
    state.busy = true;
    updateControls();
    F.request(state.socket, "goto", { index }).then((ack) => {
      state.busy = false;
      if (ack.ok) {
        setMessage("");
        showStep(ack.step);
      } else if (F.errorCode(ack) === "session_ended") {
        setEnded();
      } else {
        setMessage(`Could not change the step: ${F.errorMessage(ack)}`);
      }
      updateControls();
    });
  }

  ui.prev.addEventListener("click", () => state.step && goto(state.step.index - 1));
  ui.next.addEventListener("click", () => state.step && goto(state.step.index + 1));
  ui.stepList.addEventListener("click", (event) => {
    const button = event.target.closest(".step-button");
    if (button && !button.disabled) goto(Number(button.dataset.index));
  });

  // Arrow keys, Page Up/Down (what presentation clickers send) move between steps.
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    if (!state.step) return;
    if (event.key === "ArrowRight" || event.key === "PageDown") {
      event.preventDefault();
      goto(state.step.index + 1);
    } else if (event.key === "ArrowLeft" || event.key === "PageUp") {
      event.preventDefault();
      goto(state.step.index - 1);
    }
  });

  /* ---------- Current step and its answers ---------- */

  function answerCard(answer) {
    return F.el("li", {
      className: "answer-card",
      text: answer.text,
      dataset: { answerId: answer.id, questionId: answer.question_id },
    });
  }

  function countText(n) {
    return F.plural(n, "answer", "answers");
  }

  function questionBlock(q) {
    const answers = answersFor(q.id);
    const headingId = `q-${q.id}`;
    const list = F.el("ol", {
      className: "answer-list",
      attrs: { "aria-labelledby": headingId },
      dataset: { answersFor: q.id },
    }, answers.map(answerCard));
    return F.el("section", { className: "question-block", attrs: { "aria-labelledby": headingId }, dataset: { questionId: q.id } }, [
      F.el("div", { className: "question-head" }, [
        F.el("h3", { text: q.prompt, attrs: { id: headingId } }),
        F.el("span", { className: "count-badge", text: countText(answers.length), dataset: { countFor: q.id } }),
      ]),
      F.el("div", { className: "question-body" }, [
        themesPanel(q),
        F.el("div", { className: "question-answers" }, [
          list,
          F.el("p", { className: "no-answers", text: "No answers yet.", attrs: { hidden: answers.length > 0 } }),
        ]),
      ]),
    ]);
  }

  function showStep(step) {
    if (!step || typeof step !== "object") return;
    const changed = !state.step || state.step.index !== step.index;
    if (!changed) {
      // The same step again (our own goto's ack and its broadcast): nothing to redraw.
      updateControls();
      return;
    }
    if (state.step && state.step.questions.length) state.guidanceOpen = ui.guidanceBox.open;
    state.step = { ...step, questions: Array.isArray(step.questions) ? step.questions : [] };
    const questions = state.step.questions;

    ui.progress.textContent = `Step ${step.index + 1} of ${step.count}`;
    ui.stepTitle.textContent = step.title;
    const paragraphs = F.paragraphs(ui.guidance, step.guidance);
    ui.guidanceBox.hidden = paragraphs === 0;
    // Steps without questions (Purpose, Conclusion) show their text; otherwise answers get the room.
    ui.guidanceBox.open = questions.length === 0 || state.guidanceOpen;
    ui.readAlong.hidden = questions.length > 0;
    for (const q of questions) state.prompts.set(q.id, q.prompt);
    ui.questions.replaceChildren(...questions.map(questionBlock));
    for (const q of questions) renderThemes(q.id);
    renderStepList();
    updateControls();
  }

  /* A room answering at once sends many `answers` batches a second: they are queued and
     applied together at most every ANSWER_FLUSH_MS, so the page re-renders a few times a
     second however big the room is. Every answer is kept. data-answer-renders counts the
     renders, for the tests. */
  const ANSWER_FLUSH_MS = 200;
  const queuedAnswers = [];
  let answerFlush = null;
  let answerRenders = 0;

  function queueAnswer(event) {
    queuedAnswers.push(event);
    if (answerFlush === null) answerFlush = setTimeout(flushAnswers, ANSWER_FLUSH_MS);
  }

  function flushAnswers() {
    answerFlush = null;
    let added = false;
    const questions = new Set();
    for (const event of queuedAnswers.splice(0)) {
      added = addAnswer(event) || added;
      if (event && typeof event.question_id === "string") questions.add(event.question_id);
    }
    if (added) renderStepList();
    for (const qid of questions) renderThemes(qid); // its note follows the answer count
    root.dataset.answerRenders = String(++answerRenders);
  }

  /** Show one answer (new or revised); returns true when it is a new one. */
  function addAnswer(event) {
    if (!event || typeof event !== "object" || event.id === undefined) return false;
    const previous = state.answers.get(event.id);
    state.seq += 1;
    const answer = { id: event.id, question_id: event.question_id, text: String(event.text ?? ""), at: event.at, seq: state.seq };
    state.answers.set(event.id, answer);

    const list = ui.questions.querySelector(`ol[data-answers-for="${CSS.escape(answer.question_id)}"]`);
    if (list) {
      let card = list.querySelector(`li[data-answer-id="${CSS.escape(String(answer.id))}"]`);
      if (card) {
        card.textContent = answer.text; // a revision replaces the text
        const panel = panelFor(answer.question_id);
        if (panel) {
          for (const node of panel.querySelectorAll(`li.theme-answer[data-answer-id="${CSS.escape(String(answer.id))}"] .theme-answer-text`)) {
            node.textContent = answer.text;
          }
        }
        card.classList.remove("is-fresh");
        void card.offsetWidth; // restart the highlight animation (a new card starts it anyway)
      } else {
        card = answerCard(answer);
      }
      card.classList.add("is-fresh");
      list.prepend(card); // newest (or newly revised) first
      const block = list.closest(".question-block");
      const n = list.children.length;
      block.querySelector(".count-badge").textContent = countText(n);
      block.querySelector(".no-answers").hidden = n > 0;
    }
    return !previous;
  }

  function loadAnswers(answers) {
    state.answers.clear();
    state.seq = 0;
    const sorted = (Array.isArray(answers) ? answers : [])
      .slice()
      .sort((a, b) => (a.at === b.at ? a.id - b.id : a.at < b.at ? -1 : 1));
    for (const a of sorted) {
      state.seq += 1;
      state.answers.set(a.id, { id: a.id, question_id: a.question_id, text: String(a.text ?? ""), at: a.at, seq: state.seq });
    }
  }

  /* ---------- Themes ---------- */

  const MIN_ANSWERS = 3; // below this the server makes no themes (docs/protocol.md)
  const MAX_LABEL = 60;

  function cleanThemes(event) {
    if (!event || typeof event !== "object" || typeof event.question_id !== "string") return null;
    const themes = (Array.isArray(event.themes) ? event.themes : [])
      .filter((t) => t && typeof t === "object" && (typeof t.id === "number" || typeof t.id === "string"))
      .map((t) => ({
        id: String(t.id),
        label: String(t.label ?? ""),
        size: Number(t.size) || 0,
        color: F.themeColor(t.color),
        examples: Array.isArray(t.examples) ? t.examples.map(String) : [],
        answerIds: Array.isArray(t.answer_ids) ? t.answer_ids.map(String) : [],
        keywords: Array.isArray(t.keywords) ? t.keywords.map(String) : [],
        renamed: Boolean(t.renamed),
      }));
    const words = (Array.isArray(event.words) ? event.words : [])
      .filter((w) => Array.isArray(w) && w.length >= 2)
      .map(([word, n]) => [String(word), Number(n) || 0]);
    return {
      question_id: event.question_id,
      answers: Number(event.answers) || 0,
      unthemed: Number(event.unthemed) || 0,
      waiting: Number(event.waiting) || 0, // answers still needed before themes may be shown (min_group)
      minGroup: Number(event.min_group) || 0,
      themes,
      words,
    };
  }

  function loadThemes(all) {
    state.themes.clear();
    if (!all || typeof all !== "object") return;
    for (const [qid, event] of Object.entries(all)) {
      const data = cleanThemes({ question_id: qid, ...event });
      if (data) state.themes.set(qid, data);
    }
  }

  function themesFor(qid) {
    return state.themes.get(qid) || {
      question_id: qid, answers: answersFor(qid).length, unthemed: 0, waiting: 0, minGroup: 0, themes: [], words: [],
    };
  }

  function findTheme(qid, themeId) {
    return themesFor(qid).themes.find((t) => t.id === themeId) || null;
  }

  function panelFor(qid) {
    return ui.questions.querySelector(`section.themes-panel[data-themes-for="${CSS.escape(qid)}"]`);
  }

  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  /** Short status line under a panel's heading (edits' results), read out politely. */
  function setThemesStatus(qid, text) {
    const panel = panelFor(qid);
    if (!panel) return;
    const status = panel.querySelector(".themes-status");
    status.textContent = text;
    window.clearTimeout(Number(status.dataset.timer || 0));
    if (text) status.dataset.timer = String(window.setTimeout(() => { status.textContent = ""; }, 8000));
  }

  /**
   * Make `container`'s children match `keys` (in order), reusing children by their
   * data-`keyName`, creating missing ones with make(key). The focused element keeps
   * the focus (and an input its caret) when its item moves.
   */
  function reconcile(container, keyName, keys, make) {
    const existing = new Map();
    for (const child of Array.from(container.children)) existing.set(child.dataset[keyName], child);
    const wanted = keys.map((key) => existing.get(key) || make(key));
    const keep = new Set(wanted);
    for (const child of Array.from(container.children)) if (!keep.has(child)) child.remove();

    const active = document.activeElement;
    const caret = active && active.tagName === "INPUT" ? [active.selectionStart, active.selectionEnd] : null;
    wanted.forEach((node, i) => {
      const at = container.children[i] || null;
      if (at === node) return;
      if (node.isConnected && typeof container.moveBefore === "function") {
        try {
          container.moveBefore(node, at); // keeps focus and state where supported
          return;
        } catch (_) {
          /* fall back */
        }
      }
      container.insertBefore(node, at);
    });
    if (active && active !== document.activeElement && active.isConnected && container.contains(active)) {
      active.focus({ preventScroll: true });
      if (caret) {
        try {
          active.setSelectionRange(caret[0], caret[1]);
        } catch (_) {
          /* ignore */
        }
      }
    }
    return wanted;
  }

  /** The options of a <select>: [[value, text]], rebuilt only when they change (an open list stays open). */
  function setOptions(select, options, placeholder) {
    const all = placeholder ? [["", placeholder], ...options] : options;
    const signature = JSON.stringify(all);
    if (select.dataset.options === signature) return;
    const chosen = select.value;
    select.replaceChildren(...all.map(([value, text]) => F.el("option", { text, attrs: { value } })));
    select.dataset.options = signature;
    select.value = all.some(([value]) => value === chosen) ? chosen : all.length ? all[0][0] : "";
  }

  function themesPanel(q) {
    const qid = q.id;
    const headingId = `themes-${qid}`;
    const unthemedId = `themes-${qid}-unthemed`;
    // Not a labelled region: one "Themes" landmark per question would only add noise.
    return F.el("section", { className: "themes-panel", dataset: { themesFor: qid, view: "words" } }, [
      F.el("div", { className: "themes-head" }, [
        F.el("h4", { className: "themes-title", attrs: { id: headingId } }, [
          document.createTextNode("Themes"),
          F.el("span", { className: "themes-summary" }),
        ]),
        F.el("button", {
          className: "button reveal-toggle",
          text: "Show on projector",
          attrs: { type: "button", "aria-pressed": "false" },
          dataset: { questionId: qid },
        }),
      ]),
      F.el("p", { className: "themes-status", attrs: { role: "status" } }),
      F.el("div", { className: "themes-words" }, [
        F.el("p", { className: "themes-note" }),
        F.el("ol", { className: "theme-words", attrs: { "aria-label": "Words used most, with how many answers use them" } }),
      ]),
      F.el("ul", { className: "theme-list", attrs: { "aria-labelledby": headingId, hidden: true } }),
      F.el("button", {
        className: "themes-unthemed",
        attrs: { type: "button", "aria-expanded": "false", "aria-controls": unthemedId, hidden: true },
      }),
      F.el("ul", { className: "theme-answers unthemed-answers", attrs: { id: unthemedId, "aria-label": "Answers not in a theme", hidden: true } }),
    ]);
  }

  function themeItem(themeId) {
    const detailId = `theme-${themeId}-detail`;
    return F.el("li", { className: "theme", dataset: { themeId } }, [
      F.el("button", { className: "theme-toggle", attrs: { type: "button", "aria-expanded": "false", "aria-controls": detailId } }, [
        F.el("span", { className: "theme-label" }),
        F.el("span", { className: "visually-hidden", text: ": " }),
        F.el("span", { className: "theme-bar", attrs: { "aria-hidden": "true" } }, [F.el("span", { className: "theme-bar-fill" })]),
        F.el("span", { className: "theme-size" }),
        F.el("span", { className: "visually-hidden theme-size-unit" }),
      ]),
      F.el("div", { className: "theme-detail", attrs: { id: detailId, hidden: true } }),
    ]);
  }

  function buildDetail(detail, themeId) {
    const nameId = `theme-${themeId}-name`;
    const intoId = `theme-${themeId}-into`;
    detail.append(
      F.el("p", { className: "theme-keywords" }),
      F.el("div", { className: "theme-examples" }, [
        F.el("h5", { className: "theme-subhead", text: "Examples" }),
        F.el("ul", { className: "theme-example-list" }),
      ]),
      F.el("h5", { className: "theme-subhead theme-answers-title" }),
      F.el("ul", { className: "theme-answers" }),
      F.el("div", { className: "theme-tools" }, [
        F.el("form", { className: "theme-rename", dataset: { themeId } }, [
          F.el("label", { className: "theme-field-label", text: "Rename", attrs: { for: nameId } }),
          F.el("div", { className: "theme-field-row" }, [
            F.el("input", {
              className: "input",
              attrs: { id: nameId, name: "label", type: "text", maxlength: MAX_LABEL, autocomplete: "off", spellcheck: "true", "aria-describedby": `${nameId}-hint` },
            }),
            F.el("button", { className: "button", text: "Save", attrs: { type: "submit" } }),
          ]),
          F.el("p", { className: "theme-hint", text: "Save it empty to go back to the automatic name.", attrs: { id: `${nameId}-hint` } }),
        ]),
        F.el("form", { className: "theme-merge", dataset: { themeId } }, [
          F.el("label", { className: "theme-field-label", text: "Merge into", attrs: { for: intoId } }),
          F.el("div", { className: "theme-field-row" }, [
            F.el("select", { className: "input", attrs: { id: intoId, name: "into" } }),
            F.el("button", { className: "button", text: "Merge", attrs: { type: "submit" } }),
          ]),
        ]),
        F.el("p", { className: "theme-hint theme-merge-none", text: "No other theme to merge into yet." }),
      ]),
    );
  }

  /** One answer in an open theme (or among the unthemed), with a select to move it elsewhere. */
  function themeAnswerItem(prefix, answerId) {
    const textId = `${prefix}-answer-${answerId}`;
    return F.el("li", { className: "theme-answer", dataset: { answerId } }, [
      F.el("p", { className: "theme-answer-text", attrs: { id: textId } }),
      F.el("select", {
        className: "theme-move",
        attrs: { "aria-label": "Move this answer to", "aria-describedby": textId },
        dataset: { answerId },
      }),
    ]);
  }

  function fillAnswers(list, prefix, ids, options) {
    reconcile(list, "answerId", ids, (id) => themeAnswerItem(prefix, id));
    for (const item of list.children) {
      const answer = state.answers.get(Number(item.dataset.answerId)) || state.answers.get(item.dataset.answerId);
      setText(item.querySelector(".theme-answer-text"), answer ? answer.text : "…");
      setOptions(item.querySelector("select.theme-move"), options, "Move to…");
    }
  }

  function updateDetail(li, theme, data, qid) {
    const detail = li.querySelector(".theme-detail");
    if (!detail.firstChild) buildDetail(detail, theme.id);
    const others = data.themes.filter((t) => t.id !== theme.id);

    const keywords = detail.querySelector(".theme-keywords");
    setText(keywords, theme.keywords.length ? `Key words: ${theme.keywords.join(", ")}` : "");
    keywords.hidden = theme.keywords.length === 0;

    const examples = detail.querySelector(".theme-examples");
    examples.hidden = theme.examples.length === 0;
    const exampleList = examples.querySelector(".theme-example-list");
    if (JSON.stringify(theme.examples) !== exampleList.dataset.shown) {
      exampleList.replaceChildren(...theme.examples.map((text) => F.el("li", { className: "theme-example", text })));
      exampleList.dataset.shown = JSON.stringify(theme.examples);
    }

    setText(detail.querySelector(".theme-answers-title"), `Answers in this theme (${theme.size})`);
    fillAnswers(detail.querySelector(".theme-answers"), `theme-${theme.id}`, theme.answerIds,
      [...others.map((t) => [t.id, t.label]), ["none", "No theme"]]);

    const input = detail.querySelector("form.theme-rename input[name=label]");
    if (document.activeElement !== input && !input.dataset.dirty) input.value = theme.label;

    const merge = detail.querySelector("form.theme-merge");
    merge.hidden = others.length === 0;
    detail.querySelector(".theme-merge-none").hidden = others.length > 0;
    setOptions(merge.querySelector("select[name=into]"), others.map((t) => [t.id, `${t.label} (${t.size})`]), "Choose a theme…");
    li.dataset.question = qid;
  }

  function updateTheme(li, theme, data, open, qid) {
    li.dataset.color = String(theme.color);
    li.classList.toggle("is-open", open);
    setText(li.querySelector(".theme-label"), theme.label);
    setText(li.querySelector(".theme-size"), String(theme.size));
    setText(li.querySelector(".theme-size-unit"), theme.size === 1 ? " answer" : " answers");
    const share = data.answers > 0 ? Math.min(100, (theme.size / data.answers) * 100) : 0;
    li.querySelector(".theme-bar-fill").style.setProperty("--w", `${share.toFixed(1)}%`);
    li.querySelector(".theme-toggle").setAttribute("aria-expanded", String(open));
    const detail = li.querySelector(".theme-detail");
    detail.hidden = !open;
    if (open) {
      updateDetail(li, theme, data, qid);
    } else if (detail.firstChild) {
      detail.querySelector(".theme-answers").replaceChildren(); // no stale copies of moved answers
    }
  }

  /** Redraw one question's themes panel in place (open theme, focus and drafts are kept). */
  function renderThemes(qid) {
    const panel = panelFor(qid);
    if (!panel) return;
    const data = themesFor(qid);
    // Under the session's group size the themes stay hidden here as on the projector and in
    // the report; the answers themselves are still listed on this (the facilitator's) screen.
    const themes = data.waiting > 0 ? [] : data.themes;
    const showThemes = themes.length > 0;
    panel.dataset.view = showThemes ? "themes" : "words";

    setText(panel.querySelector(".themes-summary"), showThemes
      ? ` · ${F.plural(themes.length, "theme", "themes")} in ${countText(data.answers)}`
      : "");

    // Too few answers (or nothing groups yet): the words people use.
    const wordsBox = panel.querySelector(".themes-words");
    wordsBox.hidden = showThemes;
    if (!showThemes) {
      // The last `themes` push may be older than the answers listed here (themes are
      // recomputed about once a second): count what this screen has.
      const have = Math.max(data.answers, answersFor(qid).length);
      const waiting = data.waiting > 0 ? Math.max(0, data.minGroup - have) : 0;
      setText(wordsBox.querySelector(".themes-note"), waiting > 0
        ? `Waiting for ${F.plural(waiting, "more answer", "more answers")}: themes show here and on the projector from ${data.minGroup} answers.`
        : data.waiting === 0 && data.answers >= MIN_ANSWERS
          ? "No clear themes yet. The words used most so far:"
          : have >= MIN_ANSWERS
            ? "Finding themes…"
            : "Themes appear from 3 answers.");
      const words = wordsBox.querySelector("ol.theme-words");
      if (JSON.stringify(data.words) !== words.dataset.shown) {
        words.replaceChildren(...data.words.map(([word, n]) => F.el("li", { className: "theme-word" }, [
          F.el("span", { className: "theme-word-text", text: word }),
          document.createTextNode(" "),
          F.el("span", { className: "theme-word-count", text: n }),
        ])));
        words.dataset.shown = JSON.stringify(data.words);
      }
      words.hidden = data.words.length === 0;
    }

    // The themes, biggest first; the open one stays open while its id lives on.
    let open = state.expanded.get(qid);
    if (open !== undefined && !themes.some((t) => t.id === open)) {
      state.expanded.delete(qid);
      open = undefined;
    }
    const list = panel.querySelector(".theme-list");
    list.hidden = !showThemes;
    reconcile(list, "themeId", themes.map((t) => t.id), themeItem);
    themes.forEach((theme, i) => updateTheme(list.children[i], theme, data, theme.id === open, qid));

    // Answers the engine left out: count, and (opened) the list to put them in a theme.
    const unthemedButton = panel.querySelector("button.themes-unthemed");
    const unthemedList = panel.querySelector(".unthemed-answers");
    const showUnthemed = showThemes && data.unthemed > 0;
    if (!showUnthemed) state.unthemedOpen.delete(qid);
    const unthemedOpen = state.unthemedOpen.has(qid);
    unthemedButton.hidden = !showUnthemed;
    setText(unthemedButton, `${F.plural(data.unthemed, "answer", "answers")} not in a theme`);
    unthemedButton.setAttribute("aria-expanded", String(unthemedOpen));
    unthemedList.hidden = !unthemedOpen;
    if (!unthemedOpen) unthemedList.replaceChildren();
    if (unthemedOpen) {
      const themed = new Set(themes.flatMap((t) => t.answerIds));
      const ids = answersFor(qid).map((a) => String(a.id)).filter((id) => !themed.has(id)).reverse();
      fillAnswers(unthemedList, `unthemed-${qid}`, ids, themes.map((t) => [t.id, t.label]));
    }

    restorePendingFocus(qid);
    updateReveal();
  }

  /** After a move the focused select leaves with its answer: put focus somewhere sensible. */
  function restorePendingFocus(qid) {
    const pending = state.pendingFocus;
    if (!pending || pending.qid !== qid || pending.select.isConnected) return;
    state.pendingFocus = null;
    const active = document.activeElement;
    if (active && active !== document.body && active.isConnected) return; // the facilitator has moved on
    const panel = panelFor(qid);
    const candidates = [...pending.targets.map((find) => find()),
      panel && panel.querySelector("button.theme-toggle"), panel && panel.querySelector("button.reveal-toggle")];
    const target = candidates.find((node) => node && node.isConnected && !node.closest("[hidden]"));
    if (target) target.focus();
  }

  function themeEditFailed(what, ack) {
    if (F.errorCode(ack) === "session_ended") setEnded();
    setMessage(`Could not ${what}: ${F.errorMessage(ack)}`);
  }

  function toggleTheme(button) {
    const li = button.closest("li.theme");
    const panel = button.closest("section.themes-panel");
    const qid = panel.dataset.themesFor;
    if (state.expanded.get(qid) === li.dataset.themeId) state.expanded.delete(qid);
    else state.expanded.set(qid, li.dataset.themeId);
    renderThemes(qid);
  }

  function renameTheme(form) {
    const qid = form.closest("section.themes-panel").dataset.themesFor;
    const themeId = form.dataset.themeId;
    const input = form.querySelector("input[name=label]");
    const button = form.querySelector("button[type=submit]");
    const label = input.value.trim();
    if (label.length > MAX_LABEL) {
      setMessage(`Theme names are limited to ${MAX_LABEL} characters.`);
      return;
    }
    button.disabled = true;
    F.request(state.socket, "theme_rename", { theme_id: Number(themeId), label }).then((ack) => {
      button.disabled = false;
      if (!ack.ok) {
        themeEditFailed("rename the theme", ack);
        return;
      }
      setMessage("");
      delete input.dataset.dirty;
      const theme = findTheme(qid, themeId);
      if (label) {
        if (theme && theme.label === label) input.value = theme.label;
        setThemesStatus(qid, `Renamed the theme to “${label}”.`);
      } else {
        if (theme && !theme.renamed) input.value = theme.label;
        setThemesStatus(qid, "The theme has its automatic name again.");
      }
    });
  }

  function mergeTheme(form) {
    const qid = form.closest("section.themes-panel").dataset.themesFor;
    const themeId = form.dataset.themeId;
    const into = form.querySelector("select[name=into]").value;
    if (!into) {
      setMessage("Choose the theme to merge into.");
      return;
    }
    const from = findTheme(qid, themeId);
    const target = findTheme(qid, into);
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    F.request(state.socket, "theme_merge", { theme_id: Number(themeId), into: Number(into) }).then((ack) => {
      button.disabled = false;
      if (!ack.ok) {
        themeEditFailed("merge the themes", ack);
        return;
      }
      setMessage("");
      state.expanded.set(qid, into); // show where the answers went
      renderThemes(qid);
      const panel = panelFor(qid);
      const toggle = panel && panel.querySelector(`li.theme[data-theme-id="${CSS.escape(into)}"] button.theme-toggle`);
      if (toggle) toggle.focus();
      setThemesStatus(qid, from && target ? `Merged “${from.label}” into “${target.label}”.` : "Merged the themes.");
    });
  }

  function moveAnswer(select) {
    const value = select.value;
    if (!value) return;
    const panel = select.closest("section.themes-panel");
    const qid = panel.dataset.themesFor;
    const themeId = value === "none" ? null : value;
    const item = select.closest("li.theme-answer");
    const nextId = item.nextElementSibling ? item.nextElementSibling.dataset.answerId : null;
    const prevId = item.previousElementSibling ? item.previousElementSibling.dataset.answerId : null;
    const list = item.parentElement;
    const holder = select.closest("li.theme");
    const toggleOf = () => (holder && holder.isConnected ? holder.querySelector("button.theme-toggle") : null);
    const selectFor = (id) => () => (id && list.isConnected ? list.querySelector(`select.theme-move[data-answer-id="${CSS.escape(id)}"]`) : null);
    const target = themeId ? findTheme(qid, themeId) : null;
    F.request(state.socket, "theme_move", { answer_id: Number(select.dataset.answerId), theme_id: themeId === null ? null : Number(themeId) }).then((ack) => {
      if (!ack.ok) {
        if (select.isConnected) select.value = "";
        themeEditFailed("move the answer", ack);
        return;
      }
      setMessage("");
      setThemesStatus(qid, target ? `Moved the answer to “${target.label}”.` : "Took the answer out of its theme.");
      // The answer leaves this list with the next themes push (which may come before or after this ack).
      state.pendingFocus = { qid, select, targets: [selectFor(nextId), selectFor(prevId), toggleOf] };
      restorePendingFocus(qid);
    });
  }

  function toggleReveal(qid) {
    if (!state.hosted) return;
    const next = state.revealed === qid ? null : qid;
    F.request(state.socket, "reveal", { question_id: next }).then((ack) => {
      if (!ack.ok) {
        themeEditFailed(next ? "show the themes on the projector" : "hide the themes from the projector", ack);
        return;
      }
      setMessage("");
      state.revealed = next;
      updateReveal();
    });
  }

  /** The "Show on projector" toggles, and a note when the projector shows another step's question. */
  function updateReveal() {
    for (const button of ui.questions.querySelectorAll("button.reveal-toggle")) {
      button.setAttribute("aria-pressed", String(state.revealed === button.dataset.questionId));
      button.disabled = !state.hosted;
    }
    const elsewhere = state.revealed !== null && !(state.step && state.step.questions.some((q) => q.id === state.revealed));
    if (ui.revealNote) {
      ui.revealNote.hidden = !elsewhere;
      if (elsewhere) {
        const prompt = state.prompts.get(state.revealed);
        const step = stepOfQuestion(state.revealed);
        setText(ui.revealNoteText, prompt
          ? `The projector shows the themes of “${prompt}”${step !== null ? ` (step ${step + 1})` : ""}.`
          : `The projector shows the themes of a question${step !== null ? ` from step ${step + 1}` : " from another step"}.`);
      }
      ui.revealOff.disabled = !state.hosted;
    }
  }

  if (ui.revealOff) {
    ui.revealOff.addEventListener("click", () => {
      if (state.revealed) toggleReveal(state.revealed);
    });
  }

  ui.questions.addEventListener("click", (event) => {
    const target = event.target;
    const toggle = target.closest("button.theme-toggle");
    if (toggle) {
      toggleTheme(toggle);
      return;
    }
    const reveal = target.closest("button.reveal-toggle");
    if (reveal) {
      toggleReveal(reveal.dataset.questionId);
      return;
    }
    const unthemed = target.closest("button.themes-unthemed");
    if (unthemed) {
      const qid = unthemed.closest("section.themes-panel").dataset.themesFor;
      if (state.unthemedOpen.has(qid)) state.unthemedOpen.delete(qid);
      else state.unthemedOpen.add(qid);
      renderThemes(qid);
    }
  });

  ui.questions.addEventListener("submit", (event) => {
    const form = event.target;
    if (form.matches("form.theme-rename")) {
      event.preventDefault();
      renameTheme(form);
    } else if (form.matches("form.theme-merge")) {
      event.preventDefault();
      mergeTheme(form);
    }
  });

  ui.questions.addEventListener("change", (event) => {
    if (event.target.matches("select.theme-move")) moveAnswer(event.target);
  });

  // Escape inside an open theme closes it and returns to its button.
  ui.questions.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || event.defaultPrevented) return;
    const li = event.target.closest("li.theme.is-open");
    if (!li || event.target.matches("select")) return; // Escape first closes an open select
    event.preventDefault();
    const toggle = li.querySelector("button.theme-toggle");
    if (toggle.getAttribute("aria-expanded") === "true") toggleTheme(toggle);
    toggle.focus();
  });

  ui.questions.addEventListener("input", (event) => {
    if (event.target.matches("form.theme-rename input[name=label]")) event.target.dataset.dirty = "1";
  });

  /* ---------- Ending ---------- */

  function setEnded() {
    state.ended = true;
    root.dataset.status = "ended";
    ui.endedBanner.hidden = false;
    if (ui.endForm) ui.endForm.hidden = true;
    renderStepList();
    updateControls();
  }

  if (ui.endForm) {
    ui.endForm.addEventListener("submit", (event) => {
      const socketReady = state.socket && state.socket.connected && state.hosted;
      if (!window.confirm("End this session for everyone? Phones will no longer be able to send answers.")) {
        event.preventDefault();
        return;
      }
      if (!socketReady) return; // no live connection: the form posts the old-fashioned way
      event.preventDefault();
      const button = ui.endForm.querySelector("button");
      button.disabled = true;
      F.request(state.socket, "end", {}).then((ack) => {
        button.disabled = false;
        if (ack.ok || F.errorCode(ack) === "session_ended") {
          setMessage("");
          setEnded();
        } else if (F.errorCode(ack) === "timeout") {
          ui.endForm.submit(); // fall back to the form
        } else {
          setMessage(`Could not end the session: ${F.errorMessage(ack)}`);
        }
      });
    });
  }

  /* ---------- Socket ---------- */

  function host() {
    F.request(state.socket, "host", { session_id: sessionId }).then((ack) => {
      if (!ack.ok) {
        state.hosted = false;
        setMessage(F.errorMessage(ack));
        F.setConnection(ui.connection, "reconnecting", "Not hosting");
        if (F.retryable(ack) && state.socket.connected) window.setTimeout(host, 2000);
        updateControls();
        return;
      }
      const s = ack.state || {};
      state.hosted = true;
      setMessage("");
      F.setConnection(ui.connection, "connected", "Connected");
      if (s.session) {
        if (s.session.title) ui.title.textContent = s.session.title;
        if (s.session.code) ui.code.textContent = s.session.code;
        if (s.session.join_url) {
          ui.joinUrl.textContent = s.session.join_url;
          ui.joinUrl.href = s.session.join_url;
        }
      }
      state.steps = Array.isArray(s.steps) ? s.steps : [];
      loadAnswers(s.answers);
      loadThemes(s.themes);
      state.revealed = typeof s.revealed === "string" ? s.revealed : null;
      setParticipants(s.participants);
      state.step = null; // force a full render
      showStep(s.step);
      if (s.session && s.session.status === "ended") setEnded();
    });
  }

  function start() {
    const socket = F.connect();
    if (!socket) {
      setMessage("The live connection could not be loaded. Please reload the page.");
      return;
    }
    state.socket = socket;
    socket.on("connect", () => {
      F.setConnection(ui.connection, "connecting", "Connecting…");
      host();
    });
    socket.on("disconnect", () => {
      state.hosted = false;
      F.setConnection(ui.connection, "reconnecting", "Reconnecting…");
      updateControls();
    });
    socket.on("connect_error", () => {
      F.setConnection(ui.connection, "reconnecting", "Reconnecting…");
    });
    socket.on("step", (step) => {
      if (queuedAnswers.length) flushAnswers();
      showStep(step);
    });
    socket.on("answers", (data) => {
      if (data && Array.isArray(data.answers)) data.answers.forEach(queueAnswer);
    });
    socket.on("presence", (data) => data && setParticipants(data.participants));
    socket.on("themes", (event) => {
      const data = cleanThemes(event);
      if (!data) return;
      if (queuedAnswers.length) flushAnswers(); // themes name answers: show those first
      state.themes.set(data.question_id, data);
      renderThemes(data.question_id);
    });
    socket.on("reveal", (data) => {
      state.revealed = data && typeof data.question_id === "string" ? data.question_id : null;
      updateReveal();
    });
    socket.on("ended", () => setEnded());
  }

  start();
})();
