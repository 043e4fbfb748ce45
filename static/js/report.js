/* Fulcrum: the report page's "Print or save as PDF" button (hidden without JavaScript). */
const button = document.getElementById("print-report");
if (button) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
