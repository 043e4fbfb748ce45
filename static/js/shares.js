/* Fulcrum: "Copy" buttons on the share links page (hidden without JavaScript;
   the link can still be selected in its box). */
const status = document.getElementById("copy-status");

async function copy(input, button) {
  input.select();
  let done = false;
  try {
    await navigator.clipboard.writeText(input.value);
    done = true;
  } catch (_) {
    done = document.execCommand && document.execCommand("copy"); // plain http on a LAN has no clipboard API
  }
  button.textContent = done ? "Copied ✓" : "Select and copy";
  if (status) status.textContent = done ? "Link copied." : "Copy the selected link yourself.";
  window.setTimeout(() => {
    button.textContent = "Copy";
  }, 2500);
}

for (const button of document.querySelectorAll(".copy-button")) {
  const input = document.getElementById(button.dataset.copy);
  if (!input) continue;
  button.hidden = false;
  button.addEventListener("click", () => copy(input, button));
}
for (const input of document.querySelectorAll(".share-url")) {
  input.addEventListener("focus", () => input.select());
}
