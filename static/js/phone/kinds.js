/* Answers of the three question kinds, as the phone's machinery holds them: every answer is
   one string (its "key"), so the outbox, the drafts, "Sent ✓" and "Not sent yet" compare
   answers of every kind alike. A text's key is its text; a scale's the chosen point ("4");
   a choice's the chosen options as JSON ('["Advice","Other"]', in the worksheet's order);
   nothing chosen is "". On the wire the key becomes `text`, `value` or `choices`. */

export const CHART_KINDS = ["scale", "choice"];

/** The kind of a question payload ({id, kind, prompt, …}); anything unknown is text. */
export function kindOf(q) {
  return q && CHART_KINDS.includes(q.kind) ? q.kind : "text";
}

/** A key from a stored value (the join ack's `values`): a scale's int or a choice's list. */
export function keyOfValue(value) {
  if (Number.isInteger(value)) return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.length ? JSON.stringify(value) : "";
  return null;
}

/** The chosen options of a choice key ([] when none, or when it is not one). */
export function choicesOf(key) {
  try {
    const list = JSON.parse(key || "[]");
    return Array.isArray(list) && list.every((v) => typeof v === "string") ? list : [];
  } catch (_) {
    return [];
  }
}

/** A scale key's point, or null. */
export function pointOf(key) {
  return /^-?\d+$/.test(String(key || "")) ? Number(key) : null;
}

/** What goes on the wire for a key: {text} | {value} | {choices}. */
export function wireFields(kind, key) {
  if (kind === "scale") return { value: pointOf(key) };
  if (kind === "choice") return { choices: choicesOf(key) };
  return { text: key };
}

/** The fields the outbox keeps in localStorage for a key (as on the wire), and back. */
export function storedFields(kind, key) {
  return kind === "text" ? { text: key } : { kind, ...wireFields(kind, key) };
}

export function keyOfStored(entry) {
  if (entry.kind === "scale") return Number.isInteger(entry.value) ? String(entry.value) : null;
  if (entry.kind === "choice") return Array.isArray(entry.choices) && entry.choices.length ? keyOfValue(entry.choices) : null;
  return typeof entry.text === "string" && entry.text.trim() ? entry.text : null;
}

/** A scale point's label, if the worksheet gives it one: left at min, right at max, middle
    at the centre (when the centre is a point). */
export function pointLabel(q, point) {
  if (point === q.min && q.left) return q.left;
  if (point === q.max && q.right) return q.right;
  if (q.middle && point * 2 === q.min + q.max) return q.middle;
  return "";
}

/** A key in words, for the take-home and the "Not sent yet" list: "4 — Balanced (on a scale
    from 1, More independent, to 5, More interdependent)"; a choice's options one a line. */
export function keyText(q, key) {
  const kind = kindOf(q);
  if (!key || kind === "text") return key || "";
  if (kind === "choice") return choicesOf(key).join("\n");
  const point = pointOf(key);
  if (point === null) return "";
  const label = pointLabel(q, point);
  const end = (value, name) => (name ? `${value} (${name})` : String(value));
  return `${point}${label ? ` — ${label}` : ""}, on a scale from ${end(q.min, q.left)} to ${end(q.max, q.right)}`;
}

/** What the person must do before Send, per kind. */
export function emptyMessage(q) {
  const kind = kindOf(q);
  if (kind === "scale") return "Choose a number first.";
  if (kind === "choice") return q.multiple ? "Choose at least one option first." : "Choose an option first.";
  return "Write an answer first.";
}
