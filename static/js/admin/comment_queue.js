// The comment moderation queue (comments/admin.py): decisions in place, undo,
// keyboard shortcuts, bulk buttons that say what they will change, the
// commenter's history beside the row, and the article filter's autocomplete.
// Without this script every button still works with a page load.
"use strict";

(function () {
  const STATUS_LABELS = {
    pending: "pending",
    approved: "approved",
    rejected: "rejected",
    spam: "spam",
  };
  const KEY_DECISIONS = { a: "approved", r: "rejected", s: "spam" };
  // A little less than the server's window, so a visible undo always works.
  const UNDO_MARGIN_SECONDS = 3;

  function csrfToken() {
    const input = document.querySelector(
      "#comment-moderation input[name=csrfmiddlewaretoken]"
    );
    return input ? input.value : "";
  }

  async function post(url, fields) {
    const body = new FormData();
    body.append("csrfmiddlewaretoken", csrfToken());
    for (const [name, value] of Object.entries(fields)) {
      body.append(name, value);
    }
    const response = await fetch(url, {
      method: "POST",
      body,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    let data = {};
    try {
      data = await response.json();
    } catch (error) {
      data = { error: `The server answered ${response.status}.` };
    }
    if (!response.ok && !data.error) {
      data.error = `The server answered ${response.status}.`;
    }
    return data;
  }

  function setUp() {
    const table = document.getElementById("result_list");
    if (!table) {
      return;
    }
    const rows = Array.from(table.querySelectorAll("tbody tr")).filter((row) =>
      row.querySelector(".comment-text")
    );
    const toast = document.getElementById("comment-toast");
    const toastText = document.getElementById("comment-toast-text");
    const undoButton = document.getElementById("comment-toast-undo");
    let current = -1;
    let lastUndo = null; // {url, action, row, until}
    let decisionsMade = 0;
    let toastTimer = null;

    function rowComment(row) {
      return row.querySelector(".comment-text");
    }

    function focusRow(index) {
      if (!rows.length) {
        return;
      }
      index = Math.max(0, Math.min(rows.length - 1, index));
      if (current >= 0 && rows[current]) {
        rows[current].classList.remove("is-current");
      }
      current = index;
      const row = rows[current];
      row.classList.add("is-current");
      row.scrollIntoView({ block: "nearest" });
    }

    function updateCounts(counts) {
      if (!counts) {
        return;
      }
      for (const [status, count] of Object.entries(counts)) {
        document
          .querySelectorAll(`[data-status-count="${status}"]`)
          .forEach((element) => {
            element.textContent = String(count);
          });
      }
    }

    function showToast(text, undo) {
      toastText.textContent = text;
      toast.hidden = false;
      undoButton.hidden = !undo;
      clearTimeout(toastTimer);
      if (undo) {
        const seconds = Math.max(1, undo.seconds - UNDO_MARGIN_SECONDS);
        lastUndo = { ...undo, until: Date.now() + seconds * 1000 };
        toastTimer = setTimeout(() => {
          lastUndo = null;
          undoButton.hidden = true;
        }, seconds * 1000);
      }
    }

    function updateRow(row, data) {
      const comment = rowComment(row);
      comment.dataset.status = data.status;
      row.dataset.status = data.status;
      const statusCell = row.querySelector(".field-decision_column");
      if (statusCell && data.status_html !== undefined) {
        statusCell.innerHTML = data.status_html;
      }
      const buttonsCell = row.querySelector(".field-decision_buttons");
      if (buttonsCell && data.buttons_html !== undefined) {
        buttonsCell.innerHTML = data.buttons_html;
      }
      row.classList.remove(
        "is-pending",
        "is-approved",
        "is-rejected",
        "is-spam"
      );
      row.classList.add(`is-${data.status}`);
      updateCounts(data.counts);
      updateBulk();
    }

    async function decide(row, status) {
      const comment = rowComment(row);
      const url = row
        .querySelector(".comment-decision")
        ?.getAttribute("formaction");
      const moderateUrl =
        url ||
        comment.getAttribute("href").replace(/change\/$/, "moderate/");
      row.classList.add("is-busy");
      // Decisions are sent at once and may be answered out of order: the toast
      // and its undo belong to the latest decision made, not the latest answer.
      const decision = ++decisionsMade;
      const data = await post(moderateUrl, { status });
      row.classList.remove("is-busy");
      if (data.error) {
        showToast(data.error, null);
        return;
      }
      updateRow(row, data);
      if (decision !== decisionsMade) {
        return;
      }
      showToast(
        data.message,
        data.action
          ? { url: data.undo_url, action: data.action, row, seconds: data.undo_seconds }
          : null
      );
    }

    async function undo() {
      if (!lastUndo || Date.now() > lastUndo.until) {
        return;
      }
      const { url, action, row } = lastUndo;
      lastUndo = null;
      undoButton.hidden = true;
      const data = await post(url, { action });
      if (data.error) {
        showToast(data.error, null);
        return;
      }
      updateRow(row, data);
      showToast(data.message, null);
      focusRow(rows.indexOf(row));
    }

    undoButton.addEventListener("click", undo);

    table.addEventListener("click", (event) => {
      const button = event.target.closest("button.comment-decision");
      if (!button) {
        return;
      }
      event.preventDefault();
      const row = button.closest("tr");
      focusRow(rows.indexOf(row));
      decide(row, button.value);
    });

    // Replies as moderator, in place.
    table.addEventListener("click", async (event) => {
      const button = event.target.closest(".comment-reply-form button");
      if (!button) {
        return;
      }
      event.preventDefault();
      const details = button.closest("details");
      const textarea = details.querySelector("textarea");
      const data = await post(button.getAttribute("formaction"), {
        [textarea.name]: textarea.value,
      });
      showToast(data.error || data.message, null);
      if (!data.error) {
        textarea.value = "";
        details.open = false;
      }
    });

    // The commenter's history, beside the row.
    table.addEventListener("click", async (event) => {
      const link = event.target.closest("a.comment-history-link");
      if (!link) {
        return;
      }
      event.preventDefault();
      const row = link.closest("tr");
      const open = row.nextElementSibling;
      if (open && open.classList.contains("commenter-panel-row")) {
        open.remove();
        return;
      }
      const next = encodeURIComponent(window.location.pathname + window.location.search);
      const response = await fetch(`${link.dataset.panel}&next=${next}`, {
        credentials: "same-origin",
      });
      if (!response.ok) {
        showToast(`The server answered ${response.status}.`, null);
        return;
      }
      const panelRow = document.createElement("tr");
      panelRow.className = "commenter-panel-row";
      const cell = document.createElement("td");
      cell.colSpan = row.children.length;
      cell.innerHTML = await response.text();
      panelRow.appendChild(cell);
      row.after(panelRow);
    });

    // Bulk buttons: what they will change, said before they change it.
    const bulk = document.getElementById("comment-bulk");
    const bulkSummary = document.getElementById("comment-bulk-summary");
    const changelistForm = document.getElementById("changelist-form");

    function selectedRows() {
      return rows.filter((row) => {
        const box = row.querySelector("input.action-select");
        return box && box.checked;
      });
    }

    function summary(selected, target) {
      const counts = {};
      for (const row of selected) {
        const status = rowComment(row).dataset.status;
        const unreviewed = row.querySelector(".comment-decided") === null;
        if (status === target && !(target === "approved" && unreviewed)) {
          continue;
        }
        counts[status] = (counts[status] || 0) + 1;
      }
      return Object.keys(STATUS_LABELS)
        .filter((status) => counts[status])
        .map((status) => `${status}=${counts[status]}`)
        .join(";");
    }

    function describe(selected) {
      const counts = {};
      for (const row of selected) {
        const status = rowComment(row).dataset.status;
        counts[status] = (counts[status] || 0) + 1;
      }
      const parts = Object.keys(STATUS_LABELS)
        .filter((status) => counts[status])
        .map((status) => `${counts[status]} ${STATUS_LABELS[status]}`);
      return `${selected.length} selected: ${parts.join(", ")}`;
    }

    function updateBulk() {
      if (!bulk) {
        return;
      }
      const selected = selectedRows();
      const across = changelistForm?.querySelector("input.select-across");
      bulk.hidden = selected.length === 0;
      bulkSummary.textContent = selected.length ? describe(selected) : "";
      if (across && across.value === "1") {
        bulkSummary.textContent += " (and the other pages: you will be asked)";
      }
    }

    if (bulk && changelistForm) {
      changelistForm.addEventListener("change", updateBulk);
      bulk.addEventListener("click", (event) => {
        const button = event.target.closest(".comment-bulk__button");
        if (!button) {
          return;
        }
        const action = button.dataset.action;
        const target = action.replace("mark_", "");
        const select = changelistForm.querySelector("select[name=action]");
        select.value = action;
        let expect = changelistForm.querySelector("input[name=expect]");
        if (!expect) {
          expect = document.createElement("input");
          expect.type = "hidden";
          expect.name = "expect";
          changelistForm.appendChild(expect);
        }
        // What the moderator sees selected; the server acts only when the
        // comments still match it, and asks otherwise.
        expect.value = summary(selectedRows(), target);
        let index = changelistForm.querySelector("input[name=index]");
        if (!index) {
          index = document.createElement("input");
          index.type = "hidden";
          index.name = "index";
          changelistForm.appendChild(index);
        }
        index.value = "0";
        changelistForm.submit();
      });
      updateBulk();
    }

    // Keyboard shortcuts, shown on the page (#comment-keys).
    document.addEventListener("keydown", (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey) {
        return;
      }
      const target = event.target;
      if (
        target.closest &&
        target.closest("input, textarea, select, [contenteditable], .select2-container")
      ) {
        return;
      }
      const key = event.key;
      if (key === "j") {
        focusRow(current + 1);
      } else if (key === "k") {
        focusRow(current - 1);
      } else if (key === "u") {
        undo();
      } else if (key === "x") {
        if (current < 0) {
          focusRow(0);
        }
        rows[current]?.querySelector("input.action-select")?.click();
      } else if (KEY_DECISIONS[key]) {
        if (current < 0) {
          focusRow(0);
        }
        const row = rows[current];
        if (!row) {
          return;
        }
        decide(row, KEY_DECISIONS[key]);
        focusRow(current + 1);
      } else {
        return;
      }
      event.preventDefault();
    });

    if (rows.length) {
      focusRow(0);
    }
  }

  // The article filter: the admin's own autocomplete (select2) on headlines.
  function setUpArticleFilter() {
    const input = document.querySelector(".comment-article-filter input[type=search]");
    const $ = window.django && window.django.jQuery;
    if (!input || !$ || !$.fn.djangoAdminSelect2) {
      return;
    }
    const select = document.createElement("select");
    select.name = input.name;
    select.id = input.id;
    select.className = "admin-autocomplete";
    select.dataset.ajax__url = input.dataset.autocompleteUrl;
    select.setAttribute("data-ajax--url", input.dataset.autocompleteUrl);
    select.setAttribute("data-theme", "admin-autocomplete");
    select.setAttribute("data-allow-clear", "true");
    select.setAttribute("data-placeholder", input.placeholder);
    const empty = document.createElement("option");
    empty.value = "";
    select.appendChild(empty);
    if (input.value) {
      const option = document.createElement("option");
      option.value = input.value;
      option.textContent = input.dataset.selectedLabel || input.value;
      option.selected = true;
      select.appendChild(option);
    }
    input.replaceWith(select);
    $(select).djangoAdminSelect2();
    $(select).on("change", () => select.form.submit());
  }

  document.addEventListener("DOMContentLoaded", () => {
    setUp();
    setUpArticleFilter();
  });
})();
