/* A worksheet's unsaved changes in this browser's localStorage, per facilitator and per
   worksheet ("new" for one not saved yet), so a reload or a closed tab loses nothing.
   {source, yaml?, origin: "edit"|"import", name?, at}. Cleared on save and on Discard. */
import { storage } from "../common.js";

export function draftKey(user, slug) {
  return `fulcrum.worksheet-draft.${user || "anyone"}.${slug || "new"}`;
}

export function readDraft(key) {
  const raw = storage.get(key);
  if (!raw) return null;
  try {
    const draft = JSON.parse(raw);
    return draft && typeof draft === "object" && (draft.source || typeof draft.yaml === "string") ? draft : null;
  } catch (_) {
    return null;
  }
}

export function writeDraft(key, draft) {
  storage.set(key, JSON.stringify({ ...draft, at: new Date().toISOString() }));
}

export function clearDraft(key) {
  storage.remove(key);
}
