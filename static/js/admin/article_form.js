/*
 * The article form keeps what is typed (articles/admin_autosave.py):
 * - autosaves the form to the server every N seconds of typing while it has
 *   unsaved changes (N from data-seconds), when the tab is hidden, and as the
 *   page unloads (navigator.sendBeacon; the CSRF token travels in the body);
 * - asks before leaving a form with unsaved changes (beforeunload);
 * - Ctrl+S / Cmd+S saves the article with the default button, staying on the form.
 * Failures show in the status line beside the buttons.
 */
"use strict";

(function () {
  const BEACON_LIMIT = 60000;

  function start() {
    const form = document.getElementById("article_form");
    const config = document.getElementById("article-autosave");
    const status = document.getElementById("autosave-status");
    if (!form || !config) {
      return;
    }
    const url = config.dataset.url;
    const interval = Math.max(1, Number(config.dataset.seconds) || 15) * 1000;
    // Changed since the page loaded (or was restored): leaving asks first.
    let dirty = config.dataset.restored === "true";
    // Changed since the last autosave the server accepted.
    let unsaved = false;
    let timer = null;
    let submitting = false;
    let sending = null;

    function show(message, failed) {
      if (!status) {
        return;
      }
      status.textContent = message;
      status.classList.toggle("autosave-status--failed", Boolean(failed));
    }

    function body() {
      // Files aren't autosaved; a field's other values (the lead image chooser's
      // id shares its name with the upload input) are.
      const params = new URLSearchParams();
      for (const [name, value] of new FormData(form).entries()) {
        if (typeof value === "string") {
          params.append(name, value);
        }
      }
      return params;
    }

    function autosave() {
      clearTimeout(timer);
      timer = null;
      if (!unsaved || submitting) {
        return Promise.resolve();
      }
      if (sending) {
        return sending.then(autosave);
      }
      if (!navigator.onLine) {
        show(config.dataset.offline, true);
        schedule();
        return Promise.resolve();
      }
      unsaved = false;
      sending = fetch(url, {
        method: "POST",
        body: body(),
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        redirect: "error",
      })
        .then((response) =>
          response
            .json()
            .catch(() => ({ message: config.dataset.failed }))
            .then((answer) => {
              if (response.ok) {
                show(answer.message, false);
                form.dispatchEvent(new CustomEvent("autosave:saved", { detail: answer }));
              } else {
                unsaved = answer.error !== "stale" && answer.error !== "permission";
                show(answer.message, true);
              }
            }),
        )
        .catch(() => {
          unsaved = true;
          show(config.dataset.offline, true);
        })
        .finally(() => {
          sending = null;
        });
      return sending;
    }

    function schedule() {
      if (timer === null && !submitting) {
        timer = setTimeout(autosave, interval);
      }
    }

    function changed(event) {
      if (event && event.target && event.target.type === "file") {
        dirty = true;
        return;
      }
      dirty = true;
      unsaved = true;
      schedule();
    }

    function sendNow() {
      // The page may not live to see an answer: the browser sends it anyway.
      if (!unsaved || submitting) {
        return;
      }
      const data = body();
      const sent =
        data.toString().length < BEACON_LIMIT &&
        navigator.sendBeacon &&
        navigator.sendBeacon(url, data);
      if (sent) {
        unsaved = false;
      } else {
        autosave();
      }
    }

    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    // Select2 (section, authors) reports through jQuery only.
    if (window.django && window.django.jQuery) {
      window.django.jQuery(form).on("select2:select select2:unselect", changed);
    }
    form.addEventListener("submit", (event) => {
      // Preview opens in another tab: this page stays, unsaved.
      if (event.submitter && event.submitter.formTarget === "_blank") {
        return;
      }
      submitting = true;
      clearTimeout(timer);
    });
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") {
        sendNow();
      }
    });
    window.addEventListener("pagehide", sendNow);
    window.addEventListener("beforeunload", (event) => {
      if (dirty && !submitting) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    document.addEventListener("keydown", (event) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "s") {
        event.preventDefault();
        const button = form.querySelector(".workflow-buttons button.default");
        if (button && !submitting) {
          form.requestSubmit(button);
        }
      }
    });
    window.articleAutosave = { now: autosave, isDirty: () => dirty };
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
