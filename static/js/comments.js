// The reader's comment section.
"use strict";

// The comment form holds tokens of the reader's own, so the article page (the
// same for every reader, shared by caches) only links to the form page. When
// the reader starts a comment, fetch that page and put its form in place.
// Without this script, the link opens the form page, which posts the same way.
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

// "Show more comments" on the article page: the next page of threads is
// appended in place. Without this script the link opens that page.
document.addEventListener("click", async (event) => {
  const link = event.target.closest("a[data-comments-more]");
  if (!link) {
    return;
  }
  const list = document.getElementById("comment-list");
  const pages = link.closest(".comments-pages");
  if (!list || !pages) {
    return;
  }
  event.preventDefault();
  link.setAttribute("aria-busy", "true");
  let page;
  try {
    const response = await fetch(link.href, { credentials: "same-origin" });
    if (!response.ok) {
      throw new Error(String(response.status));
    }
    page = new DOMParser().parseFromString(await response.text(), "text/html");
  } catch (error) {
    // Leave it to the browser: the link is a plain page.
    window.location.href = link.href;
    return;
  }
  const threads = page.querySelectorAll("#comment-list > li");
  const first = threads[0];
  threads.forEach((thread) => list.appendChild(document.adoptNode(thread)));
  const next = page.querySelector(".comments-pages");
  if (next && next.querySelector("a[data-comments-more]")) {
    pages.replaceWith(document.adoptNode(next));
  } else {
    pages.remove();
  }
  // Keyboard and screen reader users carry on from the first new comment.
  const article = first && first.querySelector("article.comment");
  if (article) {
    article.setAttribute("tabindex", "-1");
    article.focus();
  }
});
