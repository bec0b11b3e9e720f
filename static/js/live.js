// Live coverage (templates/articles/includes/live_coverage.html): look for new
// updates every poll interval (plus a random part, so readers spread out),
// never while the tab is hidden, and insert them when the reader asks.
"use strict";

(() => {
  const live = document.querySelector(".live[data-live-updates]");
  if (!live) {
    return;
  }
  const entries = live.querySelector(".live__entries");
  const notice = live.querySelector(".live__new");
  const button = live.querySelector(".live__new-button");
  const seconds = Number(live.dataset.livePoll) || 20;
  // Always the newest update shown when the page was rendered: the answer (all
  // updates since) then only changes when an update is posted, so every other
  // poll is a 304, and readers who opened the page together share one copy.
  const since = Number(live.dataset.liveLatest) || 0;
  const inserted = new Set();
  let etag = null;
  let waiting = [];
  let reloadInstead = false;
  let timer = null;
  let running = true;

  // A permalink anchor whose entry moved to an older page.
  const wanted = /^#entry-(\d+)$/.exec(window.location.hash);
  if (wanted && !document.getElementById(`entry-${wanted[1]}`)) {
    window.location.replace(`${window.location.pathname}?entry=${wanted[1]}`);
    return;
  }

  // The words come translated from the page (live_coverage.html).
  const label = (count) =>
    count === 1
      ? button.dataset.one
      : button.dataset.many.replace("{count}", String(count));

  const schedule = () => {
    window.clearTimeout(timer);
    if (running && !document.hidden) {
      const delay = (seconds + Math.random() * seconds * 0.5) * 1000;
      timer = window.setTimeout(poll, delay);
    }
  };

  const poll = async () => {
    const headers = etag ? { "If-None-Match": etag } : {};
    try {
      const response = await fetch(`${live.dataset.liveUpdates}?since=${since}`, {
        headers,
        cache: "no-store",
      });
      if (response.status === 200) {
        etag = response.headers.get("ETag");
        const data = await response.json();
        if (data.reload) {
          // Too many to insert: offer the fresh page, and stop asking.
          reloadInstead = true;
          running = false;
          button.textContent = button.dataset.reload;
          notice.hidden = false;
          return;
        }
        waiting = data.entries.filter((entry) => !inserted.has(entry.id));
        if (waiting.length) {
          button.textContent = label(waiting.length);
          notice.hidden = false;
        }
        running = data.live;
      }
    } catch (error) {
      // Offline for a moment: try again at the next turn.
    }
    schedule();
  };

  // The reader's place is kept below, the same in every browser; the
  // browser's own scroll anchoring would move it a second time.
  document.documentElement.style.overflowAnchor = "none";

  button.addEventListener("click", () => {
    if (reloadInstead) {
      window.location.reload();
      return;
    }
    // Keep what the reader is looking at where it is: measure an entry on
    // screen before inserting above it, and scroll by however far it moved.
    const anchor = [...entries.children].find(
      (element) => element.getBoundingClientRect().bottom > 0,
    );
    const before = anchor ? anchor.getBoundingClientRect().top : 0;
    const fragment = document.createDocumentFragment();
    for (const entry of waiting) {
      inserted.add(entry.id);
      const holder = document.createElement("div");
      holder.innerHTML = entry.html;
      const element = holder.firstElementChild;
      if (!document.getElementById(element.id)) {
        element.classList.add("live-entry--new");
        fragment.append(element);
      }
    }
    waiting = [];
    const empty = entries.querySelector(".live__empty");
    if (empty) {
      empty.remove();
    }
    const atTop = entries.getBoundingClientRect().top >= 0;
    notice.hidden = true;
    entries.prepend(fragment);
    if (anchor && !atTop) {
      window.scrollBy(0, anchor.getBoundingClientRect().top - before);
    }
  });

  document.addEventListener("visibilitychange", () => {
    if (document.hidden) {
      window.clearTimeout(timer);
    } else if (running) {
      poll();
    }
  });
  schedule();
})();
