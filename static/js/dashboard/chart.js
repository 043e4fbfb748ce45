/* The chart panel of a scale or choice question, where a text question has its themes: the
   latest `chart` push (counts from server/domain/distribution.py), drawn in place as
   horizontal bars with their counts — a scale's points in order with its end and middle
   labels, its mean and median; a choice's options in the worksheet's order. The facilitator
   sees it from the first answer; the projector only from the session's group size, which the
   panel says. "Show on projector" reveals the chart there (dashboard/reveal.js). */
import * as F from "../common.js";
import { setText } from "./dom.js";
import { updateReveal } from "./reveal.js";
import { countText, state, ui } from "./state.js";

export const isChart = (q) => Boolean(q) && (q.kind === "scale" || q.kind === "choice");

/** Remember each question's kind (host state `steps`, a STEP's questions). */
export function learnKinds(steps) {
  for (const step of Array.isArray(steps) ? steps : []) {
    for (const q of Array.isArray(step && step.questions) ? step.questions : []) {
      if (q && typeof q.id === "string") state.kinds.set(q.id, isChart(q) ? q.kind : "text");
    }
  }
}

const count = (v) => (Number.isFinite(Number(v)) && Number(v) > 0 ? Math.floor(Number(v)) : 0);
const stat = (v) => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** A chart as drawn: {kind, answers, bars: [{key, count, point?, label}], mean, median, …}. */
function cleanDistribution(c) {
  if (!c || typeof c !== "object") return null;
  if (c.kind === "scale" && Number.isInteger(c.min) && Number.isInteger(c.max)) {
    const scale = { min: c.min, max: c.max, left: String(c.left || ""), middle: String(c.middle || ""), right: String(c.right || "") };
    const counts = new Map((Array.isArray(c.distribution) ? c.distribution : [])
      .filter((d) => d && Number.isInteger(d.value))
      .map((d) => [d.value, count(d.count)]));
    const bars = [];
    for (let p = scale.min; p <= scale.max && bars.length < 100; p += 1) {
      bars.push({ key: String(p), point: p, label: pointLabel(scale, p), count: counts.get(p) || 0 });
    }
    return { kind: "scale", ...scale, answers: count(c.answers), bars, mean: stat(c.mean), median: stat(c.median) };
  }
  if (c.kind === "choice") {
    const bars = (Array.isArray(c.options) ? c.options : [])
      .filter((o) => o && typeof o === "object")
      .map((o, i) => ({ key: `o${i}`, label: String(o.label ?? ""), count: count(o.count) }));
    return { kind: "choice", multiple: Boolean(c.multiple), answers: count(c.answers), bars };
  }
  return null;
}

function pointLabel(scale, p) {
  if (p === scale.min && scale.left) return scale.left;
  if (p === scale.max && scale.right) return scale.right;
  if (scale.middle && p * 2 === scale.min + scale.max) return scale.middle;
  return "";
}

/** A `chart` push (or one of the host state's `charts`), cleaned; null if it is not one. */
export function cleanChart(event) {
  if (!event || typeof event !== "object" || typeof event.question_id !== "string") return null;
  const chart = cleanDistribution(event.chart);
  if (!chart) return null;
  return { question_id: event.question_id, chart, minGroup: count(event.min_group), waiting: count(event.waiting) };
}

export function loadCharts(all) {
  state.charts.clear();
  if (!all || typeof all !== "object") return;
  for (const [qid, event] of Object.entries(all)) {
    const data = cleanChart({ question_id: qid, ...event });
    if (data) state.charts.set(qid, data);
  }
}

/** Before the first push: the question's points or options, nobody yet. */
function emptyChart(q) {
  const chart = q.kind === "scale"
    ? { kind: "scale", min: q.min, max: q.max, left: q.left, middle: q.middle, right: q.right, answers: 0, distribution: [] }
    : { kind: "choice", multiple: q.multiple, answers: 0, options: (q.options || []).map((label) => ({ label, count: 0 })) };
  return { question_id: q.id, chart: cleanDistribution(chart), minGroup: 0, waiting: 0 };
}

export function chartPanelFor(qid) {
  return ui.questions.querySelector(`section.chart-panel[data-chart-for="${CSS.escape(qid)}"]`);
}

export function chartPanel(q) {
  const headingId = `chart-${q.id}`;
  const panel = F.el("section", { className: "chart-panel", dataset: { chartFor: q.id, kind: q.kind } }, [
    F.el("div", { className: "chart-head" }, [
      F.el("h4", { className: "chart-title", attrs: { id: headingId } }, [
        document.createTextNode(q.kind === "scale" ? "Answers by point" : "Answers by option"),
        F.el("span", { className: "chart-summary" }),
      ]),
      F.el("div", { className: "reveal-buttons" }, [
        F.el("button", {
          className: "button reveal-toggle",
          text: "Show on projector",
          attrs: { type: "button", "aria-pressed": "false", "aria-describedby": `${headingId}-reveal-hint` },
          dataset: { questionId: q.id },
        }),
      ]),
    ]),
    F.el("p", { className: "visually-hidden", text: "Shows this chart on the projector.", attrs: { id: `${headingId}-reveal-hint` } }),
    F.el("dl", { className: "chart-stats", attrs: { hidden: q.kind !== "scale" } }, [
      statItem("mean", "Mean"),
      statItem("median", "Median"),
      statItem("answers", "Answers"),
    ]),
    F.el("ol", { className: "chart-bars", attrs: { "aria-labelledby": headingId } }),
    F.el("p", { className: "chart-middle", attrs: { hidden: true } }),
    F.el("p", { className: "chart-note" }),
  ]);
  if (!state.charts.has(q.id)) state.charts.set(q.id, emptyChart(q));
  return panel;
}

function statItem(name, term) {
  return F.el("div", { className: `chart-stat chart-stat-${name}` }, [
    F.el("dt", { text: term }),
    F.el("dd", { className: `chart-${name}` }),
  ]);
}

function barItem(key) {
  return F.el("li", { className: "chart-row", dataset: { key } }, [
    F.el("span", { className: "chart-label" }, [
      F.el("span", { className: "chart-point" }),
      F.el("span", { className: "chart-point-label" }),
    ]),
    F.el("span", { className: "visually-hidden", text: ": " }),
    F.el("span", { className: "chart-bar", attrs: { "aria-hidden": "true" } }, [F.el("span", { className: "chart-bar-fill" })]),
    F.el("span", { className: "chart-count" }, [
      F.el("span", { className: "chart-count-n" }),
      F.el("span", { className: "visually-hidden chart-count-unit" }),
      F.el("span", { className: "chart-share" }),
    ]),
  ]);
}

/** "3.5", "3": a mean or median as people read it. */
function number(v) {
  return v === null ? "–" : Number.isInteger(v) ? String(v) : v.toFixed(1);
}

/** Redraw one question's chart panel in place. */
export function renderChart(qid) {
  const panel = chartPanelFor(qid);
  if (!panel) return;
  const data = state.charts.get(qid);
  if (!data) return;
  const chart = data.chart;
  setText(panel.querySelector(".chart-summary"), ` · ${countText(chart.answers)}`);

  const list = panel.querySelector(".chart-bars");
  const keys = chart.bars.map((b) => b.key);
  if (Array.from(list.children).map((li) => li.dataset.key).join("\n") !== keys.join("\n")) {
    list.replaceChildren(...keys.map(barItem));
  }
  // A bar's length is its share of the people who answered, as on the projector and in the
  // report: the same numbers look the same everywhere. "is-top" still marks the most chosen.
  const most = Math.max(0, ...chart.bars.map((b) => b.count));
  chart.bars.forEach((bar, i) => {
    const li = list.children[i];
    const share = chart.answers > 0 ? (bar.count / chart.answers) * 100 : 0;
    const length = Math.min(100, share);
    li.classList.toggle("is-top", bar.count > 0 && bar.count === most);
    li.classList.toggle("is-empty", bar.count === 0);
    setText(li.querySelector(".chart-point"), chart.kind === "scale" ? String(bar.point) : bar.label);
    setText(li.querySelector(".chart-point-label"), chart.kind === "scale" ? bar.label : "");
    setText(li.querySelector(".chart-count-n"), String(bar.count));
    setText(li.querySelector(".chart-count-unit"), bar.count === 1 ? " answer" : " answers");
    setText(li.querySelector(".chart-share"), chart.answers > 0 ? ` ${Math.round(share)}%` : "");
    li.querySelector(".chart-bar-fill").style.setProperty("--w", `${Math.min(100, length).toFixed(1)}%`);
  });

  // A scale with an even number of points has its middle between two of them.
  const middle = panel.querySelector(".chart-middle");
  const between = chart.kind === "scale" && chart.middle && (chart.min + chart.max) % 2 !== 0;
  middle.hidden = !between;
  if (between) {
    const low = Math.floor((chart.min + chart.max) / 2);
    setText(middle, `Between ${low} and ${low + 1}: ${chart.middle}`);
  }

  const stats = panel.querySelector(".chart-stats");
  stats.hidden = chart.kind !== "scale";
  if (chart.kind === "scale") {
    setText(stats.querySelector(".chart-mean"), number(chart.mean));
    setText(stats.querySelector(".chart-median"), number(chart.median));
    setText(stats.querySelector(".chart-answers"), String(chart.answers));
  }

  const notes = [];
  if (chart.kind === "choice" && chart.multiple) notes.push("People could choose several options: each share is of the people who answered, so they add up to more than 100%.");
  if (data.waiting > 0) {
    notes.push(`The projector shows it from ${F.plural(data.minGroup, "answer", "answers")}: ${F.plural(data.waiting, "more answer", "more answers")} to go.`);
  }
  setText(panel.querySelector(".chart-note"), notes.join(" "));
  updateReveal();
}
