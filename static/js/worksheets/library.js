/* Fulcrum: the Worksheets page (/worksheets). The cards are the server's (templates/
   worksheets.html); here their buttons: Preview (a dialog with the phone's view of each
   step), Rehearse (a practice session, then its dashboard), Duplicate (a copy of one's own,
   then its editor) and Delete (after a confirmation dialog). Every change goes through
   /api/v1/worksheets with the page's CSRF token (api.js). */
import * as F from "../common.js";
import { call, errorOf, worksheetPath } from "./api.js";
import { sessionSteps } from "./model.js";
import { phonePreview } from "./preview.js";

const root = document.querySelector("main");
const status = document.getElementById("library-status");
const maxAnswer = Number(root.dataset.maxAnswer) || 2000;

function say(message, kind = "error") {
  status.hidden = !message;
  status.dataset.kind = kind;
  status.textContent = message || "";
}

function cardOf(node) {
  const card = node.closest(".ws-card");
  return card && { card, slug: card.dataset.slug, title: card.querySelector(".ws-card-title").textContent };
}

async function busy(button, work) {
  if (button.disabled) return;
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  try {
    await work();
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
}

/* ---- Preview: the worksheet's steps, one at a time, as a phone shows them ---- */

const previewDialog = document.getElementById("preview-dialog");
const preview = phonePreview(document.getElementById("preview-frame"), {
  prefix: "library-preview", maxAnswer, minGroup: Number(root.dataset.minGroup),
});
const previewState = { steps: [], index: 0, opener: null };
const prev = document.getElementById("preview-prev");
const next = document.getElementById("preview-next");
const where = document.getElementById("preview-where");

function showPreviewStep() {
  const { steps, index } = previewState;
  const step = steps[index];
  preview.show(step);
  where.textContent = step ? `Step ${index + 1} of ${steps.length} · ${step.title}` : "";
  prev.disabled = index <= 0;
  next.disabled = index >= steps.length - 1;
  document.getElementById("preview-frame").scrollTop = 0;
}

async function openPreview(button, { slug, title }) {
  const result = await call("GET", worksheetPath(slug));
  if (!result.ok) {
    say(`Could not open “${title}”: ${errorOf(result).message}`);
    return;
  }
  say("");
  previewState.steps = sessionSteps(result.data);
  previewState.index = previewState.steps.length > 1 && previewState.steps[0].from === "purpose" ? 1 : 0;
  previewState.opener = button;
  document.getElementById("preview-dialog-title").textContent = title;
  showPreviewStep();
  previewDialog.showModal();
  (next.disabled ? document.getElementById("preview-close") : next).focus();
}

function step(delta) {
  const target = previewState.index + delta;
  if (target < 0 || target >= previewState.steps.length) return;
  previewState.index = target;
  showPreviewStep();
  const button = delta < 0 ? prev : next;
  if (button.disabled) (delta < 0 ? next : prev).focus();
}

prev.addEventListener("click", () => step(-1));
next.addEventListener("click", () => step(1));
document.getElementById("preview-close").addEventListener("click", () => previewDialog.close());
previewDialog.addEventListener("keydown", (event) => {
  if (event.target.closest("textarea, input")) return;
  if (event.key === "ArrowRight") step(1);
  else if (event.key === "ArrowLeft") step(-1);
});
previewDialog.addEventListener("close", () => previewState.opener && previewState.opener.focus());
previewDialog.addEventListener("click", (event) => {
  if (event.target === previewDialog) previewDialog.close(); // a click on the backdrop
});

/* ---- Delete, after asking ---- */

const deleteDialog = document.getElementById("delete-dialog");
const deleteError = document.getElementById("delete-error");
const deleteConfirm = document.getElementById("delete-confirm");
let deleting = null;

function askDelete(button, card) {
  deleting = { ...card, opener: button };
  document.getElementById("delete-dialog-title").textContent = `Delete “${card.title}”?`;
  deleteError.hidden = true;
  deleteDialog.showModal();
  document.getElementById("delete-cancel").focus(); // the safe choice first
}

deleteConfirm.addEventListener("click", () =>
  busy(deleteConfirm, async () => {
    const result = await call("DELETE", worksheetPath(deleting.slug));
    if (!result.ok && result.status !== 404) {
      deleteError.textContent = errorOf(result).message;
      deleteError.hidden = false;
      return;
    }
    const { card, title } = deleting;
    const list = card.parentElement;
    deleting.opener = null;
    deleteDialog.close();
    card.remove();
    if (!list.children.length) {
      list.replaceWith(F.el("p", { className: "empty ws-empty", attrs: { id: "no-mine" }, text: "None yet. Start a new worksheet, import a document you already have, or duplicate one from the library below." }));
    }
    say(`“${title}” is deleted.`, "done");
    document.getElementById("new-worksheet").focus();
  }),
);
document.getElementById("delete-cancel").addEventListener("click", () => deleteDialog.close());
deleteDialog.addEventListener("close", () => deleting && deleting.opener && deleting.opener.focus());

/* ---- The cards' buttons ---- */

root.addEventListener("click", (event) => {
  const button = event.target.closest("button");
  if (!button || !button.closest(".ws-card")) return;
  const card = cardOf(button);
  if (button.classList.contains("ws-preview")) {
    busy(button, () => openPreview(button, card));
  } else if (button.classList.contains("ws-delete")) {
    askDelete(button, card);
  } else if (button.classList.contains("ws-duplicate")) {
    busy(button, async () => {
      say(`Copying “${card.title}”…`, "working");
      const result = await call("POST", `${worksheetPath(card.slug)}/copy`, {});
      if (!result.ok) {
        say(`Could not copy “${card.title}”: ${errorOf(result).message}`);
        return;
      }
      window.location.assign(`/worksheets/${encodeURIComponent(result.data.slug)}/edit`);
    });
  } else if (button.classList.contains("ws-rehearse")) {
    busy(button, async () => {
      say(`Starting a practice session of “${card.title}” with simulated participants…`, "working");
      const result = await call("POST", `${worksheetPath(card.slug)}/rehearse`, {});
      if (!result.ok || !result.data.host_url) {
        say(`Could not start a rehearsal: ${errorOf(result).message}`);
        return;
      }
      window.location.assign(result.data.host_url);
    });
  }
});
