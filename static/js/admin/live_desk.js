// The live desk (articles/live_admin.py): post an update without reloading the
// page, then clear the form for the next one. Without this, the form posts
// normally and the page reloads.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-live-desk]");
  const list = document.querySelector("[data-live-desk-entries]");
  if (!form || !list) {
    return;
  }
  // The rich-text editor (django-prose-editor's TipTap keeps itself on its
  // element), to be emptied with the form.
  const editor = () => {
    const element = form.querySelector(".ProseMirror[contenteditable]");
    return element ? element.editor : null;
  };
  const status = form.querySelector(".live-desk__sent");
  const errors = form.querySelector(".live-desk__errors");
  const button = form.querySelector("input[type=submit]");

  const showErrors = (data) => {
    for (const box of form.querySelectorAll("[data-errors-for]")) {
      box.textContent = "";
    }
    errors.textContent = "";
    for (const [name, list] of Object.entries(data)) {
      const text = list.map((error) => error.message).join(" ");
      const box = form.querySelector(`[data-errors-for="${name}"]`) || errors;
      const line = document.createElement("p");
      line.className = "errornote";
      line.textContent = text;
      box.append(line);
    }
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    status.textContent = "";
    try {
      const response = await fetch(form.action || window.location.href, {
        method: "POST",
        body: new FormData(form),
        headers: { "X-Requested-With": "fetch" },
        credentials: "same-origin",
      });
      const data = await response.json().catch(() => ({}));
      if (response.ok) {
        showErrors({});
        list.insertAdjacentHTML("afterbegin", data.html);
        const none = document.querySelector(".live-desk__none");
        if (none) {
          none.remove();
        }
        const author = form.elements.author ? form.elements.author.value : "";
        form.reset();
        if (form.elements.author) {
          form.elements.author.value = author;
        }
        if (editor()) {
          editor().commands.clearContent(true);
        }
        status.textContent = form.dataset.sent || "Posted.";
        (form.elements.headline || form.elements.body).focus();
      } else {
        showErrors(data.errors || { __all__: [{ message: `Error ${response.status}` }] });
      }
    } catch (error) {
      showErrors({ __all__: [{ message: "Not posted: the connection failed. Try again." }] });
    } finally {
      button.disabled = false;
    }
  });
});
