/* Fulcrum: the report page's "Print or save as PDF" button (hidden without JavaScript). */
"use strict";

(function () {
  const button = document.getElementById("print-report");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", () => window.print());
})();
