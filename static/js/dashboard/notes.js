/* The facilitator's notes for the current step (the worksheet's `notes:`, their script): a
   calm panel on the dashboard only — the server sends them to facilitator screens alone,
   never to phones, the projector or reports — with the step's suggested time beside them. */
import * as F from "../common.js";
import { setText } from "./dom.js";

const panel = document.getElementById("notes-panel");
const body = document.getElementById("notes-text");
const time = document.getElementById("notes-minutes");

/** Show a step's notes (from the host state's `steps`), or nothing. */
export function renderNotes(notes, minutes) {
  const count = F.paragraphs(body, typeof notes === "string" ? notes : "");
  panel.hidden = count === 0;
  const suggested = Number.isInteger(minutes) && minutes > 0;
  time.hidden = !suggested;
  setText(time, suggested ? `Suggested time: ${minutes} min` : "");
}
