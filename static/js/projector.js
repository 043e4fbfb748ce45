/* Fulcrum: the projector page. Hosts the session like the dashboard, but only shows
   how to join and the current step's title (never answers). */
"use strict";

(function () {
  const F = window.Fulcrum;
  const root = document.getElementById("projector");
  if (!root || !F) return;

  const sessionId = Number(root.dataset.sessionId);
  const progress = document.getElementById("projector-step-progress");
  const title = document.getElementById("projector-step-title");
  const status = document.getElementById("projector-status");
  const code = document.getElementById("projector-code");
  let ended = false;
  let participants = null;

  function showStep(step) {
    if (!step || typeof step !== "object") return;
    progress.textContent = `Step ${step.index + 1} of ${step.count}`;
    title.textContent = step.title;
  }

  function showStatus() {
    if (ended) {
      status.textContent = "This session has ended. Thank you!";
    } else if (typeof participants === "number") {
      status.textContent = participants === 1 ? "1 person connected" : `${participants} people connected`;
    } else {
      status.textContent = "";
    }
  }

  function host(socket) {
    F.request(socket, "host", { session_id: sessionId }).then((ack) => {
      if (!ack.ok) {
        status.textContent = F.errorMessage(ack);
        if (F.errorCode(ack) === "timeout" && socket.connected) window.setTimeout(() => host(socket), 2000);
        return;
      }
      const s = ack.state || {};
      if (s.session && s.session.code) code.textContent = s.session.code;
      participants = s.participants;
      ended = Boolean(s.session && s.session.status === "ended");
      showStep(s.step);
      showStatus();
    });
  }

  const socket = F.connect();
  if (!socket) return;
  socket.on("connect", () => host(socket));
  socket.on("step", showStep);
  socket.on("presence", (data) => {
    if (data && typeof data.participants === "number") {
      participants = data.participants;
      showStatus();
    }
  });
  socket.on("ended", () => {
    ended = true;
    showStatus();
  });
})();
