/*
 * Helpers for the article form's fields (articles/admin_autosave.py sets them up):
 * character counters, the body's word count and reading time, spellcheck in the
 * body, byline order by dragging or with up/down buttons, tag chips that suggest existing tags,
 * and a slug from a long headline cut at a word boundary.
 */
"use strict";

(function () {
  const SLUG_MAX = 80;
  const WORDS_PER_MINUTE = 230;

  function element(tag, properties, children) {
    const node = Object.assign(document.createElement(tag), properties || {});
    for (const child of children || []) {
      node.append(child);
    }
    return node;
  }

  function announce(form, event) {
    form.dispatchEvent(new Event(event, { bubbles: true }));
  }

  // Character counters: the hard limit shows from the start, not as a silent stop.
  function counters(form) {
    for (const input of form.querySelectorAll("[data-count-characters]")) {
      const limit = Number(input.getAttribute("maxlength")) || 0;
      const recommended = Number(input.dataset.recommended) || 0;
      const counter = element("div", { className: "help char-count" });
      counter.setAttribute("aria-live", "polite");
      counter.id = `${input.id}_count`;
      input.setAttribute("aria-describedby", `${counter.id} ${input.getAttribute("aria-describedby") || ""}`.trim());
      (input.closest(".flex-container") || input).after(counter);
      const update = () => {
        const length = input.value.length;
        let text = `${length} / ${limit} characters`;
        if (recommended) {
          text += ` (up to ${recommended} show in search results)`;
        }
        if (limit && length >= limit) {
          text += " — limit reached";
        } else if (limit && length >= limit * 0.9) {
          text += ` — ${limit - length} left`;
        }
        counter.textContent = text;
        counter.classList.toggle("char-count--over", Boolean(recommended && length > recommended));
        counter.classList.toggle("char-count--limit", Boolean(limit && length >= limit * 0.9));
      };
      input.addEventListener("input", update);
      update();
    }
  }

  // Word count and reading time beside the body, and spellcheck on in the editor.
  function body(form) {
    const textarea = form.querySelector("textarea[name=body]");
    if (!textarea) {
      return;
    }
    const counter = element("div", { className: "help word-count", id: "body_word_count" });
    counter.setAttribute("aria-live", "polite");
    const update = () => {
      const holder = document.createElement("div");
      holder.innerHTML = textarea.value.replace(/<\/(p|h\d|li|blockquote)>/g, " $&");
      const words = (holder.textContent.match(/\S+/g) || []).length;
      const minutes = Math.max(1, Math.round(words / WORDS_PER_MINUTE));
      counter.textContent =
        words === 0 ? "0 words" : `${words} ${words === 1 ? "word" : "words"} · ${minutes} min read`;
    };
    const place = () => {
      const editor = textarea.closest(".prose-editor") || textarea;
      (editor.closest(".flex-container") || editor).after(counter);
      const editable = editor.querySelector("[contenteditable]");
      if (editable) {
        editable.setAttribute("spellcheck", "true");
      }
    };
    textarea.addEventListener("input", update);
    document.addEventListener("prose-editor:ready", place);
    place();
    update();
  }

  // Byline order: up and down buttons rewrite the hidden positions.
  function bylines(form) {
    const group = document.getElementById("bylines-group");
    if (!group) {
      return;
    }
    let dragged = null;
    const rows = () =>
      Array.from(group.querySelectorAll("tr.form-row")).filter(
        (row) => !row.classList.contains("empty-form") && !row.id.endsWith("-empty"),
      );
    const renumber = () => {
      rows().forEach((row, index) => {
        const position = row.querySelector("input[name$='-position']");
        if (position) {
          position.value = String(index);
        }
        const up = row.querySelector(".byline-move--up");
        const down = row.querySelector(".byline-move--down");
        if (up) {
          up.disabled = index === 0;
        }
        if (down) {
          down.disabled = index === rows().length - 1;
        }
      });
    };
    const move = (row, step) => {
      const all = rows();
      const index = all.indexOf(row);
      const target = all[index + step];
      if (!target) {
        return;
      }
      if (step < 0) {
        target.before(row);
      } else {
        target.after(row);
      }
      renumber();
      announce(form, "change");
    };
    const equip = (row) => {
      if (row.querySelector(".byline-move") || row.classList.contains("empty-form")) {
        return;
      }
      const cell = row.querySelector("td.field-author") || row.lastElementChild;
      const name = () => {
        const chosen = row.querySelector("select[name$='-author'] option:checked");
        return chosen && chosen.value ? chosen.textContent : "this author";
      };
      const up = element("button", { type: "button", className: "byline-move byline-move--up", textContent: "↑" });
      const down = element("button", { type: "button", className: "byline-move byline-move--down", textContent: "↓" });
      const label = () => {
        up.setAttribute("aria-label", `Move ${name()} up the byline`);
        down.setAttribute("aria-label", `Move ${name()} down the byline`);
        up.title = up.getAttribute("aria-label");
        down.title = down.getAttribute("aria-label");
      };
      up.addEventListener("click", () => {
        move(row, -1);
        (up.disabled ? down : up).focus();
      });
      down.addEventListener("click", () => {
        move(row, 1);
        (down.disabled ? up : down).focus();
      });
      row.addEventListener("change", label);
      // Select2 (the author box) reports its choice through jQuery only.
      if (window.django && window.django.jQuery) {
        window.django.jQuery(row).on("change", label);
      }
      label();
      // Or drag the row by its handle (the buttons do the same from the keyboard).
      const handle = element("span", { className: "byline-drag", textContent: "⠿", title: "Drag to reorder" });
      handle.setAttribute("aria-hidden", "true");
      handle.addEventListener("pointerdown", () => {
        row.draggable = true;
      });
      row.addEventListener("dragstart", (event) => {
        dragged = row;
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", row.id);
        row.classList.add("byline-row--dragged");
      });
      row.addEventListener("dragend", () => {
        row.draggable = false;
        row.classList.remove("byline-row--dragged");
        dragged = null;
      });
      row.addEventListener("dragover", (event) => {
        if (dragged && dragged !== row) {
          event.preventDefault();
        }
      });
      row.addEventListener("drop", (event) => {
        if (!dragged || dragged === row) {
          return;
        }
        event.preventDefault();
        const all = rows();
        if (all.indexOf(dragged) < all.indexOf(row)) {
          row.after(dragged);
        } else {
          row.before(dragged);
        }
        renumber();
        announce(form, "change");
      });
      cell.append(element("span", { className: "byline-moves" }, [handle, up, down]));
    };
    // Rows come in form order; a restored form's order is in the positions.
    const positionOf = (row) => {
      const position = row.querySelector("input[name$='-position']");
      return position && position.value !== "" ? Number(position.value) : Infinity;
    };
    const ordered = rows();
    if (ordered.length > 1) {
      const anchor = ordered[ordered.length - 1].nextSibling;
      const parent = ordered[0].parentNode;
      ordered
        .map((row, index) => [positionOf(row), index, row])
        .sort((a, b) => a[0] - b[0] || a[1] - b[1])
        .forEach(([, , row]) => parent.insertBefore(row, anchor));
    }
    rows().forEach(equip);
    document.addEventListener("formset:added", (event) => {
      if (event.detail && event.detail.formsetName === "bylines") {
        equip(event.target);
        renumber();
      }
    });
    document.addEventListener("formset:removed", renumber);
    form.addEventListener("submit", renumber);
    renumber();
  }

  // Tags: chips, with existing tags suggested as you type; new ones allowed.
  function parseTags(text) {
    const tags = [];
    const pattern = /"([^"]*)"|([^,]+)/g;
    let match;
    while ((match = pattern.exec(text)) !== null) {
      const name = (match[1] !== undefined ? match[1] : match[2]).trim();
      if (name && !tags.some((tag) => tag.toLowerCase() === name.toLowerCase())) {
        tags.push(name);
      }
    }
    return tags;
  }

  function tags(form) {
    const source = form.querySelector("input[data-tag-suggest]");
    if (!source) {
      return;
    }
    let chosen = parseTags(source.value);
    const list = element("ul", { className: "tag-chips" });
    const options = element("datalist", { id: `${source.id}_suggestions` });
    const typing = element("input", {
      type: "text",
      id: `${source.id}_typing`,
      className: "tag-typing",
      autocomplete: "off",
      spellcheck: true,
    });
    typing.setAttribute("list", options.id);
    typing.setAttribute("aria-label", "Add a tag");
    typing.setAttribute("placeholder", "Add a tag…");
    const label = form.querySelector(`label[for="${source.id}"]`);
    if (label) {
      label.htmlFor = typing.id;
    }
    const write = () => {
      source.value = chosen.map((name) => (/[,"]/.test(name) ? `"${name.replace(/"/g, "")}"` : name)).join(", ");
      list.replaceChildren(
        ...chosen.map((name) => {
          const remove = element("button", { type: "button", className: "tag-chip__remove", textContent: "×" });
          remove.setAttribute("aria-label", `Remove the tag ${name}`);
          remove.addEventListener("click", () => {
            chosen = chosen.filter((tag) => tag !== name);
            write();
            typing.focus();
            announce(source, "change");
          });
          return element("li", { className: "tag-chip" }, [element("span", { textContent: name }), remove]);
        }),
      );
    };
    const add = () => {
      for (const name of parseTags(typing.value)) {
        if (!chosen.some((tag) => tag.toLowerCase() === name.toLowerCase())) {
          chosen.push(name);
        }
      }
      typing.value = "";
      write();
      announce(source, "change");
    };
    let asked = "";
    const suggest = () => {
      const text = typing.value.trim();
      if (!text || text === asked) {
        return;
      }
      asked = text;
      fetch(`${source.dataset.tagSuggest}?q=${encodeURIComponent(text)}`, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then((response) => (response.ok ? response.json() : { tags: [] }))
        .then((answer) => {
          if (asked !== text) {
            return;
          }
          options.replaceChildren(
            ...answer.tags
              .filter((name) => !chosen.some((tag) => tag.toLowerCase() === name.toLowerCase()))
              .map((name) => element("option", { value: name })),
          );
        })
        .catch(() => {});
    };
    typing.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === ",") {
        event.preventDefault();
        add();
      } else if (event.key === "Backspace" && !typing.value && chosen.length) {
        chosen.pop();
        write();
        announce(source, "change");
      }
    });
    typing.addEventListener("input", (event) => {
      event.stopPropagation();
      // Picking a suggestion from the list fills the box in one go.
      if (event.inputType === "insertReplacementText" || event.inputType === undefined) {
        const picked = typing.value.trim().toLowerCase();
        if (Array.from(options.options).some((option) => option.value.toLowerCase() === picked)) {
          add();
          return;
        }
      }
      suggest();
    });
    typing.addEventListener("change", (event) => event.stopPropagation());
    typing.addEventListener("blur", () => {
      if (typing.value.trim()) {
        add();
      }
    });
    form.addEventListener("submit", () => {
      if (typing.value.trim()) {
        add();
      }
    });
    source.type = "hidden";
    source.after(element("div", { className: "tag-field" }, [list, typing, options]));
    write();
  }

  // A slug made from a long headline: at most SLUG_MAX characters, whole words.
  function slug(form) {
    const headline = form.querySelector("#id_headline");
    const field = form.querySelector("#id_slug");
    if (!headline || !field) {
      return;
    }
    let typedByHand = Boolean(field.value);
    field.addEventListener("input", (event) => {
      if (event.isTrusted) {
        typedByHand = Boolean(field.value);
      }
    });
    const cut = () => {
      if (typedByHand) {
        return;
      }
      // After Django's prepopulate.js has written its version.
      setTimeout(() => {
        const value = field.value;
        if (value.length > SLUG_MAX) {
          const head = value.slice(0, SLUG_MAX + 1);
          const end = head.lastIndexOf("-");
          field.value = (end > 0 ? head.slice(0, end) : value.slice(0, SLUG_MAX)).replace(/-+$/, "");
        }
      }, 0);
    };
    for (const type of ["keyup", "change", "input"]) {
      headline.addEventListener(type, cut);
    }
  }

  function start() {
    const form = document.getElementById("article_form");
    if (!form) {
      return;
    }
    counters(form);
    body(form);
    bylines(form);
    tags(form);
    slug(form);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
