// Upload several photos one at a time, showing progress and each one's result
// (images/admin.py upload_view). Without JavaScript the form posts them all.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form.image-upload");
  if (!form || !window.fetch) {
    return;
  }
  const input = form.querySelector('input[type="file"]');
  const progress = form.querySelector(".image-upload__progress");
  const results = form.querySelector(".image-upload__results");

  const report = (text, ok) => {
    const item = document.createElement("li");
    item.textContent = text;
    item.className = ok ? "success" : "error";
    results.append(item);
  };

  form.addEventListener("submit", async (event) => {
    const files = Array.from(input.files);
    if (files.length === 0) {
      return;
    }
    event.preventDefault();
    results.replaceChildren();
    progress.hidden = false;
    progress.max = files.length;
    progress.value = 0;
    for (const file of files) {
      const data = new FormData(form);
      data.delete(input.name);
      data.append(input.name, file);
      try {
        const response = await fetch(form.action || window.location.href, {
          method: "POST",
          body: data,
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        const answer = await response.json();
        for (const image of answer.added || []) {
          report(`${file.name}: added as “${image.title}”.`, true);
        }
        for (const refused of answer.refused || []) {
          report(`${refused.name}: ${refused.reason}`, false);
        }
        for (const [field, messages] of Object.entries(answer.errors || {})) {
          report(`${field}: ${messages.join(" ")}`, false);
        }
        if (Object.keys(answer.errors || {}).length) {
          break;
        }
      } catch (error) {
        report(`${file.name}: the upload failed (${error}). Try again.`, false);
      }
      progress.value += 1;
    }
  });
});
