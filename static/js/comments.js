// The comment form holds tokens of the reader's own, so the article page (the
// same for every reader, shared by caches) only links to the form page. When
// the reader starts a comment, fetch that page and put its form in place.
// Without this script, the link opens the form page, which posts the same way.
"use strict";

document.addEventListener("click", async (event) => {
  const link = event.target.closest("a[data-comment-form-url]");
  const start = link && link.closest("[data-comment-start]");
  if (
    !start ||
    event.defaultPrevented ||
    event.button !== 0 ||
    event.metaKey ||
    event.ctrlKey ||
    event.shiftKey ||
    event.altKey
  ) {
    return;
  }
  event.preventDefault();
  start.setAttribute("aria-busy", "true");
  try {
    const response = await fetch(link.dataset.commentFormUrl, {
      credentials: "same-origin",
      cache: "no-store",
    });
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const form = page.getElementById("comment-form");
    if (!form) {
      throw new Error(`No comment form in the answer (${response.status})`);
    }
    start.replaceWith(document.importNode(form, true));
    const field = document.querySelector(
      "#comment-form input:not([type=hidden]):not([tabindex='-1']), #comment-form textarea",
    );
    if (field) {
      field.focus();
    }
  } catch (error) {
    // The form page itself, as without JavaScript.
    window.location.assign(link.href);
  }
});
