// "Show more comments" on the article page: the next page of threads is
// appended in place. Without this script the link opens that page.
"use strict";

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
