/* The bar's small menus (a <details> whose summary is the button): they close with Escape
   (focus back on their button), when the facilitator clicks elsewhere, or tabs out. */

export function closeMenu(details, refocus) {
  if (!details.open) return;
  details.open = false;
  if (refocus) details.querySelector("summary").focus();
}

export function dismissible(details) {
  details.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !details.open) return;
    event.preventDefault();
    event.stopPropagation(); // one Escape closes one thing
    closeMenu(details, true);
  });
  document.addEventListener("click", (event) => {
    if (!details.contains(event.target)) closeMenu(details, false);
  });
  // On a small screen a menu can open below the fold: bring all of it into view.
  details.addEventListener("toggle", () => {
    const popover = details.open && details.querySelector(".bar-popover");
    if (popover) window.requestAnimationFrame(() => popover.scrollIntoView({ block: "nearest" }));
  });
  details.addEventListener("focusout", (event) => {
    if (event.relatedTarget && !details.contains(event.relatedTarget)) closeMenu(details, false);
  });
}
