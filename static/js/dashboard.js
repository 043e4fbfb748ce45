/* Fulcrum: the facilitator's live dashboard (/sessions/ID).
   Hosts the session over Socket.IO (again on every reconnect), moves the room between
   steps and shows answers as they arrive. Answer text only ever goes through textContent. */
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
      list,
      F.el("p", { className: "no-answers", text: "No answers yet.", attrs: { hidden: answers.length > 0 } }),
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
    ui.questions.replaceChildren(...questions.map(questionBlock));
    renderStepList();
    updateControls();
  }

  function addAnswer(event) {
    if (!event || typeof event !== "object" || event.id === undefined) return;
    const previous = state.answers.get(event.id);
    state.seq += 1;
    const answer = { id: event.id, question_id: event.question_id, text: String(event.text ?? ""), at: event.at, seq: state.seq };
    state.answers.set(event.id, answer);

    const list = ui.questions.querySelector(`ol[data-answers-for="${CSS.escape(answer.question_id)}"]`);
    if (list) {
      let card = list.querySelector(`li[data-answer-id="${CSS.escape(String(answer.id))}"]`);
      if (card) {
        card.textContent = answer.text; // a revision replaces the text
      } else {
        card = answerCard(answer);
      }
      card.classList.remove("is-fresh");
      void card.offsetWidth; // restart the highlight animation
      card.classList.add("is-fresh");
      list.prepend(card); // newest (or newly revised) first
      const block = list.closest(".question-block");
      const n = list.children.length;
      block.querySelector(".count-badge").textContent = countText(n);
      block.querySelector(".no-answers").hidden = n > 0;
    }
    if (!previous) renderStepList();
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
        if (F.errorCode(ack) === "timeout" && state.socket.connected) window.setTimeout(host, 2000);
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
    socket.on("step", (step) => showStep(step));
    socket.on("answer", (answer) => addAnswer(answer));
    socket.on("presence", (data) => data && setParticipants(data.participants));
    socket.on("ended", () => setEnded());
  }

  start();
})();
