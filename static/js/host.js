/* Fulcrum: connect a facilitator's screen (the dashboard, the projector) and host its
   session: `host` on every (re)connect, and again every few seconds while the server's
   refusal is only "not now" (F.retryable). */
import * as F from "./common.js";

const RETRY_MS = 2000;

/**
 * payload: the `host` event's body ({session_id, view?}).
 * hosted(state, ack): the ack's room state, after each successful `host`.
 * refused(ack): a refusal (a retry follows by itself when it is retryable).
 * Returns the socket (for the page's own events), or null when Socket.IO did not load.
 */
export function hostSession(payload, { hosted, refused }) {
  const socket = F.connect();
  if (!socket) return null;

  function host() {
    F.request(socket, "host", payload).then((ack) => {
      if (ack.ok) {
        hosted(ack.state || {}, ack);
        return;
      }
      refused(ack);
      if (F.retryable(ack) && socket.connected) window.setTimeout(host, RETRY_MS);
    });
  }

  socket.on("connect", host);
  return socket;
}
