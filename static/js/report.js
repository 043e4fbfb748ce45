/* Fulcrum: the report page's "Print or save as PDF" button (hidden without JavaScript), and
   its folds: every theme's other answers are folded on screen and open in print (report.css
   opens them where the browser styles ::details-content; this, where it does not). */
const button = document.getElementById("print-report");
if (button) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}

const folds = Array.from(document.querySelectorAll("details.report-more"));
let closed = [];
window.addEventListener("beforeprint", () => {
  closed = folds.filter((d) => !d.open);
  for (const d of closed) d.open = true;
});
window.addEventListener("afterprint", () => {
  for (const d of closed) d.open = false;
  closed = [];
});
