/* The participant's take-home: the worksheet with their own answers as a Markdown file,
   made on the phone from what it holds (never sent anywhere, never HTML).
   Only the steps the session reached are in it (and any other step the person wrote in),
   between the worksheet's purpose and conclusion; an answer the server never stored is
   marked as not sent. */
import * as F from "../common.js";

export const NOT_SENT = "_Not sent — this answer stayed on your phone._";
export const KEPT_PRIVATE = "_Kept private — only on this phone; nobody else saw it._";
export const TO_FACILITATOR = "_Sent to the facilitator only._";

/** Backslash-escape what would turn text into Markdown markup (emphasis, links, HTML,
    headings, lists, quotes), so the file reads as it was written. */
export function escapeMarkdown(text) {
  return String(text)
    .replace(/([\\`*_[\]<>])/g, "\\$1")
    .replace(/^(\s*)([#+=|-])/gm, "$1\\$2")
    .replace(/^(\s*\d+)([.)])/gm, "$1\\$2");
}

function paragraphs(text) {
  return String(text || "")
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n+/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map(escapeMarkdown);
}

function quote(text) {
  return escapeMarkdown(text)
    .split("\n")
    .map((line) => `> ${line}`.trimEnd());
}

/**
 * sheet: {title, sessionTitle, purpose, conclusion, reached, steps: [{index, title, questions: [{id, prompt}]}]}
 * answerOf(qid) → {text, sent, share}: the text in the box (or stored), whether it was
 * acknowledged exactly so, and who was to see it (private, facilitator, group).
 */
export function markdown(sheet, answerOf, date = new Date()) {
  const title = sheet.title || sheet.sessionTitle || "Worksheet";
  const day = date.toLocaleDateString(undefined, { year: "numeric", month: "long", day: "numeric" });
  const lines = [`# ${escapeMarkdown(title)}`, ""];
  const session = sheet.sessionTitle && sheet.sessionTitle !== title ? `${escapeMarkdown(sheet.sessionTitle)} · ` : "";
  lines.push(`${session}My answers, ${day}`, "");
  const purpose = paragraphs(sheet.purpose);
  if (purpose.length) lines.push("## Purpose", "", ...purpose.flatMap((p) => [p, ""]));
  for (const step of sheet.steps || []) {
    const answers = step.questions.map((q) => ({ q, ...answerOf(q.id) }));
    const wrote = answers.some((a) => a.text);
    if (!(Number(step.index) <= sheet.reached) && !wrote) continue; // not reached: not part of this session
    lines.push(`## ${escapeMarkdown(step.title)}`, "");
    for (const { q, text, sent, share } of answers) {
      lines.push(`### ${escapeMarkdown(q.prompt)}`, "");
      if (!text) lines.push("_No answer._", "");
      else lines.push(...quote(text), "", ...marks(sent, share));
    }
  }
  const conclusion = paragraphs(sheet.conclusion);
  if (conclusion.length) lines.push("## Conclusion", "", ...conclusion.flatMap((p) => [p, ""]));
  return `${lines.join("\n").trimEnd()}\n`;
}

/** What the file says under an answer about who saw it. */
function marks(sent, share) {
  if (share === "private") return [KEPT_PRIVATE, ""];
  if (!sent) return [NOT_SENT, ""];
  return share === "facilitator" ? [TO_FACILITATOR, ""] : [];
}

export function fileName(sheet) {
  const slug = String(sheet.title || sheet.sessionTitle || "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return `${slug || "worksheet"}-my-answers.md`;
}

/** A text/markdown Blob behind a temporary download link. */
export function download(name, text) {
  const blob = new Blob([text], { type: "text/markdown;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const link = F.el("a", { attrs: { href: url, download: name, hidden: true } });
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10000);
}
