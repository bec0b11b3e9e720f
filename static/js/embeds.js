// Embeds load nothing from their provider until the reader asks (images/body.py).
// Without this script the placeholder's link to the original is all there is.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  for (const figure of document.querySelectorAll("figure[data-embed-player]")) {
    const button = figure.querySelector(".embed__load");
    if (!button) {
      continue;
    }
    button.hidden = false;
    button.addEventListener("click", () => {
      const frame = document.createElement("iframe");
      frame.src = figure.dataset.embedPlayer;
      frame.title = figure.dataset.embedTitle || "";
      frame.className = "embed__frame";
      frame.allow = "fullscreen; picture-in-picture; encrypted-media";
      frame.referrerPolicy = "strict-origin-when-cross-origin";
      const placeholder = figure.querySelector(".embed__placeholder");
      figure.insertBefore(frame, placeholder);
      button.hidden = true;
      frame.focus();
    });
  }
});
