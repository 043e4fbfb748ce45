/* What the phone keeps in localStorage for one room code, so nothing typed is lost to a
   reload, a lost connection or the end of the session:
   - the resume token (stay the same anonymous participant);
   - one draft per question (whatever is in its box and not yet stored by the server);
   - the outbox (answers sent but not yet acknowledged; see ./outbox.js);
   - the sheet: the worksheet outline, how far the session got, the answers acknowledged
     (private ones included: their text is only here) and at which level, and whether the
     session ended — enough to build the take-home file after the end, when a join is
     refused with session_ended;
   - the level chosen for each answer (private, facilitator, group). */
import * as F from "../common.js";
import { keyOfStored, storedFields } from "./kinds.js";
import { LEVELS } from "./share-choice.js";

const SHARES = new Set(LEVELS.map((l) => l.value));

export function roomStore(code) {
  const TOKEN_KEY = `fulcrum:token:${code}`;
  const DRAFT_PREFIX = `fulcrum:draft:${code}:`;
  // {question_id: {text | kind+value | kind+choices, client_id, prompt?, step_title?, question?}}
  const OUTBOX_KEY = `fulcrum:outbox:${code}`;
  const SHEET_KEY = `fulcrum:sheet:${code}`;
  const SHARES_KEY = `fulcrum:shares:${code}`; // {question_id: level}: who the person chose should see each answer

  function readJson(key) {
    try {
      const data = JSON.parse(F.storage.get(key) || "null");
      return data && typeof data === "object" && !Array.isArray(data) ? data : null;
    } catch (_) {
      return null;
    }
  }

  return {
    token: () => F.storage.get(TOKEN_KEY),
    setToken: (token) => F.storage.set(TOKEN_KEY, token),
    forgetToken: () => F.storage.remove(TOKEN_KEY),

    /** Every saved draft: Map question id → text. */
    drafts() {
      const found = new Map();
      for (const key of F.storage.keys(DRAFT_PREFIX)) {
        const value = F.storage.get(key);
        if (value) found.set(key.slice(DRAFT_PREFIX.length), value);
      }
      return found;
    },
    setDraft: (qid, text) => F.storage.set(DRAFT_PREFIX + qid, text),
    removeDraft: (qid) => F.storage.remove(DRAFT_PREFIX + qid),

    /** The saved outbox, checked: [qid, {text, id, kind, prompt?, stepTitle?, question?}] for
        each entry that can be resent (`text`: the answer's key, phone/kinds.js). */
    outbox(maxClientId) {
      const entries = [];
      for (const [qid, entry] of Object.entries(readJson(OUTBOX_KEY) || {})) {
        if (!entry || typeof entry !== "object") continue;
        const { client_id: id } = entry;
        const kind = ["scale", "choice"].includes(entry.kind) ? entry.kind : "text";
        const text = keyOfStored({ ...entry, kind });
        if (text === null || typeof id !== "string" || !id || id.length > maxClientId) continue;
        const item = { text, id, kind, share: SHARES.has(entry.share) ? entry.share : "group" };
        if (typeof entry.prompt === "string") item.prompt = entry.prompt;
        if (typeof entry.step_title === "string") item.stepTitle = entry.step_title;
        if (kind !== "text" && entry.question && typeof entry.question === "object" && entry.question.kind === kind) item.question = entry.question;
        entries.push([qid, item]);
      }
      return entries;
    },
    /** pending: Map qid → {text, id, kind}; about(qid) → {prompt, stepTitle, question} or
        undefined (kept so a reloaded page can show the question before it has joined). */
    setOutbox(pending, about) {
      const data = {};
      for (const [qid, item] of pending) {
        const info = about(qid);
        const kind = item.kind || "text";
        data[qid] = {
          ...storedFields(kind, item.text),
          client_id: item.id,
          share: item.share || "group",
          ...(info ? { prompt: info.prompt, step_title: info.stepTitle } : {}),
          ...(info && info.question && kind !== "text" ? { question: info.question } : {}),
        };
      }
      if (pending.size) F.storage.set(OUTBOX_KEY, JSON.stringify(data)); // storage full or off: memory only
      else F.storage.remove(OUTBOX_KEY);
    },

    /** The levels the person chose: Map question id → level. */
    shares() {
      return new Map(Object.entries(readJson(SHARES_KEY) || {}).filter(([, level]) => SHARES.has(level)));
    },
    setShares: (shares) => F.storage.set(SHARES_KEY, JSON.stringify(Object.fromEntries(shares))),

    sheet: () => readJson(SHEET_KEY),
    setSheet: (sheet) => F.storage.set(SHEET_KEY, JSON.stringify(sheet)), // storage full or off: memory only

    /** The participant asked to take everything of this room off the phone. */
    forgetAll() {
      for (const key of [TOKEN_KEY, OUTBOX_KEY, SHEET_KEY, SHARES_KEY, ...F.storage.keys(DRAFT_PREFIX)]) F.storage.remove(key);
    },
  };
}
