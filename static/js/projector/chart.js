/* Fulcrum projector: a revealed scale's or choice's answers as one big, calm bar chart
   (the projector's `chart` event, PROJECTOR_CHART in docs/protocol.md).
   - scale:  a column per point, in order, its count above it and the point below; the
             left, middle and right labels under the ends and the middle; "Mean 3.4 · Median 3".
   - choice: a horizontal bar per option, in worksheet order, with its count and the share
             of the people who answered.
   Below min_group the server sends no counts ("chart": null), and the note says how many
   answers it takes. Elements are kept and updated in place (bars grow, nothing blinks);
   every text goes in through textContent. */
import * as F from "../common.js";

/** Whether `event` is a chart event (a scale's or choice's reveal), not a text question's. */
export function isChart(event) {
  return Boolean(event && typeof event === "object" && typeof event.question_id === "string");
}

/** 3.0 → "3", 3.5 → "3.5": a median reads as a point of the scale when it is one. */
function number(value) {
  const n = Number(value);
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

function count(value) {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/** One element per key in `container`, reused across updates, in the order of `keys`. */
function keyed(container, keys, make) {
  const existing = new Map(Array.from(container.children, (node) => [node.dataset.key, node]));
  const nodes = keys.map((key) => existing.get(key) || make(key));
  for (const node of Array.from(container.children)) if (!nodes.includes(node)) node.remove();
  nodes.forEach((node, i) => {
    if (container.children[i] !== node) container.insertBefore(node, container.children[i] || null);
  });
  return nodes;
}

function scaleParts(chart) {
  let parts = chart.querySelector(":scope > .projector-scale");
  if (!parts) {
    chart.replaceChildren(
      F.el("ol", { className: "projector-scale" }),
      F.el("div", { className: "projector-scale-ends" }, [
        F.el("span", { className: "projector-scale-end", dataset: { end: "left" } }),
        F.el("span", { className: "projector-scale-end", dataset: { end: "middle" } }),
        F.el("span", { className: "projector-scale-end", dataset: { end: "right" } }),
      ]),
    );
    parts = chart.querySelector(":scope > .projector-scale");
  }
  return {
    points: parts,
    ends: Object.fromEntries(Array.from(chart.querySelectorAll(".projector-scale-end"), (n) => [n.dataset.end, n])),
  };
}

/** The chart's last line (kept across updates): the scale's mean and median, and the count. */
function footParts(chart) {
  let foot = chart.querySelector(":scope > .projector-chart-foot");
  if (!foot) {
    foot = F.el("p", { className: "projector-chart-foot" }, [
      F.el("span", { className: "projector-chart-summary" }),
      F.el("span", { className: "projector-chart-answers" }),
    ]);
  }
  if (chart.lastElementChild !== foot) chart.append(foot); // last, after whatever the kind drew
  return { summary: foot.querySelector(".projector-chart-summary"), answers: foot.querySelector(".projector-chart-answers") };
}

function point(key) {
  return F.el("li", { className: "projector-point", dataset: { key } }, [
    F.el("span", { className: "projector-point-plot" }, [
      F.el("span", { className: "projector-point-count" }),
      F.el("span", { className: "projector-point-fill", attrs: { "aria-hidden": "true" } }),
    ]),
    F.el("span", { className: "projector-point-value" }),
  ]);
}

function drawScale(chart, data) {
  const { points, ends } = scaleParts(chart);
  const rows = (Array.isArray(data.distribution) ? data.distribution : []).filter((d) => d && Number.isInteger(d.value));
  const most = Math.max(1, ...rows.map((d) => count(d.count)));
  points.style.setProperty("--points", String(Math.max(1, rows.length)));
  keyed(points, rows.map((d) => String(d.value)), point).forEach((li, i) => {
    const n = count(rows[i].count);
    li.dataset.empty = String(n === 0);
    li.querySelector(".projector-point-count").textContent = String(n);
    li.querySelector(".projector-point-value").textContent = String(rows[i].value);
    li.querySelector(".projector-point-fill").style.setProperty("--share", (n / most).toFixed(4));
  });
  for (const end of ["left", "middle", "right"]) ends[end].textContent = String(data[end] ?? "").trim();
}

/** "Mean 3.4 · Median 3" (a scale with answers), or "". */
function stats(data) {
  const stats = [];
  if (data.mean !== null && data.mean !== undefined && Number.isFinite(Number(data.mean))) {
    stats.push(`Mean ${Number(data.mean).toFixed(1)}`);
  }
  if (data.median !== null && data.median !== undefined && Number.isFinite(Number(data.median))) {
    stats.push(`Median ${number(data.median)}`);
  }
  return stats.join(" · ");
}

function option(key) {
  return F.el("li", { className: "projector-option", dataset: { key } }, [
    F.el("span", { className: "projector-option-label" }),
    F.el("span", { className: "projector-option-bar", attrs: { "aria-hidden": "true" } }, [
      F.el("span", { className: "projector-option-fill" }),
    ]),
    F.el("span", { className: "projector-option-count" }),
    F.el("span", { className: "projector-option-share" }),
  ]);
}

function drawChoice(chart, data, answers) {
  let list = chart.querySelector(":scope > .projector-options");
  if (!list) {
    list = F.el("ol", { className: "projector-options" });
    chart.replaceChildren(list);
  }
  const rows = (Array.isArray(data.options) ? data.options : []).filter((o) => o && typeof o.label === "string");
  list.dataset.count = String(rows.length);
  // Keyed by position: labels are distinct, but an index survives any text.
  keyed(list, rows.map((_, i) => String(i)), option).forEach((li, i) => {
    const n = count(rows[i].count);
    const share = answers > 0 ? Math.min(100, (n / answers) * 100) : 0;
    li.dataset.empty = String(n === 0);
    li.querySelector(".projector-option-label").textContent = rows[i].label;
    li.querySelector(".projector-option-count").textContent = String(n);
    li.querySelector(".projector-option-share").textContent = `${Math.round(share)}%`;
    li.querySelector(".projector-option-fill").style.setProperty("--w", `${share.toFixed(1)}%`);
  });
}

/**
 * Draw `event` (a projector chart event: {question_id, chart, min_group, waiting}) into
 * `chart` (the chart's container) and, below min_group, `note`; `box` gets data-waiting.
 */
export function drawChart({ box, chart, note }, event) {
  const data = event.chart && typeof event.chart === "object" ? event.chart : null;
  const kind = data && (data.kind === "scale" || data.kind === "choice") ? data.kind : null;
  const minGroup = count(event.min_group);
  const waiting = count(event.waiting);
  box.dataset.waiting = String(!kind);
  box.dataset.quotes = "false";
  chart.hidden = !kind;
  if (!kind) {
    chart.replaceChildren();
    delete chart.dataset.kind;
    delete chart.dataset.question;
    const soFar = Math.max(0, minGroup - waiting);
    // The threshold and the count so far, as for themes: "1 more" reads as "nearly done".
    note.textContent = minGroup
      ? `Results appear from ${F.plural(minGroup, "answer", "answers")} · ${soFar} so far`
      : "Results appear once enough people answered.";
    return;
  }
  // Another question starts afresh: its bars must not grow out of the last one's.
  if (chart.dataset.kind !== kind || chart.dataset.question !== event.question_id) chart.replaceChildren();
  chart.dataset.kind = kind;
  chart.dataset.question = event.question_id;
  const answers = count(data.answers);
  if (kind === "scale") drawScale(chart, data);
  else drawChoice(chart, data, answers);
  const foot = footParts(chart);
  foot.summary.textContent = kind === "scale" ? stats(data) : "";
  const notes = [F.plural(answers, "answer", "answers")];
  if (kind === "choice" && data.multiple) notes.push("each person could pick more than one");
  foot.answers.textContent = notes.join(" · ");
  note.textContent = ""; // the foot says how many answered
}
