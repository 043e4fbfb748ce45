/* Who will see an answer, chosen under its field: "Only me", "Facilitator" or "Group,
   anonymously", with one line that says exactly who sees it and when (the session's real
   group size). A private answer never leaves the phone: the outbox sends a marker only
   (phone/outbox.js). The question's `share` is the level offered first; `share_fixed`
   means the facilitator set it for this question. */
import * as F from "../common.js";

export const LEVELS = [
  { value: "private", label: "Only me" },
  { value: "facilitator", label: "Facilitator" },
  { value: "group", label: "Group, anonymously" },
];
const KNOWN = new Set(LEVELS.map((l) => l.value));

/** The level the question offers first (the server's default for it). */
export const defaultShare = (q) => (q && KNOWN.has(q.share) ? q.share : "group");

/** The one line under the choice: who will see the answer, and when. */
export function shareSentence(level, minGroup) {
  if (level === "private") return "Only you: it stays on this phone and is never sent.";
  if (level === "facilitator") return "Only the facilitator sees it, on their screen — never the room or the report.";
  const n = Number.isInteger(minGroup) && minGroup > 0 ? minGroup : 3;
  return `Shown to the group without your name, once ${n} ${n === 1 ? "person has" : "people have"} answered.`;
}

/** q: the question's payload; chosen: the level now; minGroup(): the session's; onChange(level). */
export function shareChoice(q, { chosen, minGroup, onChange }) {
  const name = `share-${q.id}`;
  const sentenceId = `share-note-${q.id}`;
  const fixed = Boolean(q.share_fixed);
  const inputs = LEVELS.map(({ value, label }) => {
    const input = F.el("input", { className: "pick-input", attrs: { type: "radio", name, value, "aria-describedby": sentenceId } });
    input.checked = value === chosen;
    input.disabled = fixed;
    input.addEventListener("change", () => {
      if (!input.checked) return;
      refresh(value);
      onChange(value);
    });
    return F.el("label", { className: "share-option" }, [input, F.el("span", { text: label })]);
  });
  const sentence = F.el("p", { className: "share-note", attrs: { id: sentenceId }, text: shareSentence(chosen, minGroup()) });
  const root = F.el("fieldset", { className: "share-choice", dataset: { share: chosen } }, [
    F.el("legend", { className: "visually-hidden", text: "Who sees this answer" }), // the options say it on screen
    F.el("div", { className: "share-options" }, inputs),
    sentence,
    fixed ? F.el("p", { className: "share-fixed", text: "The facilitator set this for this question." }) : null,
  ]);
  /** Show `level` as chosen, and say who sees it (again when the group size arrives). */
  function refresh(level) {
    root.dataset.share = level;
    sentence.textContent = shareSentence(level, minGroup());
    for (const label of inputs) {
      const input = label.querySelector("input");
      input.checked = input.value === level;
    }
  }

  return {
    root,
    refresh,
    setDisabled(disabled) {
      for (const label of inputs) label.querySelector("input").disabled = disabled || fixed;
    },
  };
}
