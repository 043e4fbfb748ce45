/* The "someone is writing" hint: while the person types text they have not sent, the phone
   tells the server `writing {"question_id"}`, at most once per interval (the server's
   WRITING_INTERVAL, from the page's data-writing-interval; without it, never). Only the
   question id goes out, never the text. A hint is never retried: a failed ack is ignored. */
import * as F from "../common.js";

export function writingHints(intervalSeconds, socket) {
  const interval = Number(intervalSeconds) * 1000;
  const enabled = Number.isFinite(interval) && interval > 0;
  let last = -Infinity;

  return {
    /** The person changed unsent text in this question's box. */
    typed(qid) {
      const sock = socket();
      if (!enabled || !sock || !sock.connected) return;
      const now = performance.now();
      if (now - last < interval) return;
      last = now;
      F.request(sock, "writing", { question_id: qid }).then(() => {}); // a hint: whatever the ack says
    },
  };
}
