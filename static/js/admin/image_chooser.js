// Choose a library photo without leaving the form (images/forms.py). Without
// JavaScript the widget's file input still uploads a new photo with the form.
"use strict";

(() => {
  const thumbnails = (window.newsroomLibraryThumbnails = window.newsroomLibraryThumbnails || {});

  // Open a chooser dialog and resolve with the chosen photo's entry (or null).
  function choose(chooserUrl, dialog) {
    const search = dialog.querySelector(".image-chooser__search");
    const list = dialog.querySelector(".image-chooser__results");
    const status = dialog.querySelector(".image-chooser__status");
    return new Promise((resolve) => {
      let timer = null;
      const load = async () => {
        const url = new URL(chooserUrl, window.location.href);
        if (search.value.trim()) {
          url.searchParams.set("q", search.value.trim());
        }
        status.textContent = "Searching…";
        const response = await fetch(url, { credentials: "same-origin" });
        const data = await response.json();
        list.replaceChildren();
        status.textContent = data.results.length
          ? data.query
            ? `${data.results.length} found`
            : "Recent photos"
          : "No photo found";
        for (const entry of data.results) {
          thumbnails[entry.id] = entry.thumbnail;
          const item = document.createElement("li");
          const button = document.createElement("button");
          button.type = "button";
          button.className = "image-chooser__result";
          button.dataset.imageId = entry.id;
          if (entry.thumbnail) {
            const image = document.createElement("img");
            image.src = entry.thumbnail;
            image.alt = "";
            button.append(image);
          }
          const label = document.createElement("span");
          label.textContent = `${entry.title} — ${entry.credit}${entry.expired ? " (rights expired)" : ""}`;
          button.append(label);
          button.addEventListener("click", () => finish(entry));
          item.append(button);
          list.append(item);
        }
      };
      const onInput = () => {
        clearTimeout(timer);
        timer = setTimeout(load, 250);
      };
      const finish = (entry) => {
        search.removeEventListener("input", onInput);
        dialog.close();
        resolve(entry);
      };
      search.addEventListener("input", onInput);
      dialog.querySelector(".image-chooser__close").onclick = () => finish(null);
      dialog.addEventListener("cancel", () => finish(null), { once: true });
      dialog.showModal();
      search.focus();
      load();
    });
  }
  window.newsroomChooseImage = choose;

  document.addEventListener("DOMContentLoaded", () => {
    for (const widget of document.querySelectorAll(".image-chooser")) {
      const hidden = widget.querySelector(".image-chooser__id");
      const current = widget.querySelector(".image-chooser__current");
      const title = widget.querySelector(".image-chooser__title");
      const open = widget.querySelector(".image-chooser__open");
      const clear = widget.querySelector(".image-chooser__clear");
      const dialog = widget.querySelector(".image-chooser__dialog");
      const form = widget.closest("form");
      const field = (name) => form && form.querySelector(`[name="${name}"]`);
      const prefix = hidden.name;
      open.hidden = false;
      open.addEventListener("click", async () => {
        const entry = await choose(widget.dataset.chooserUrl, dialog);
        if (!entry) {
          return;
        }
        hidden.value = entry.id;
        let preview = current.querySelector(".image-chooser__preview");
        if (!preview && entry.thumbnail) {
          preview = document.createElement("img");
          preview.className = "image-chooser__preview";
          preview.alt = "Lead image preview";
          current.prepend(preview);
        }
        if (preview) {
          preview.src = entry.thumbnail;
          preview.removeAttribute("width");
          preview.removeAttribute("height");
        }
        title.textContent = `${entry.title} — ${entry.credit}`;
        current.hidden = false;
        clear.hidden = false;
        for (const [name, value] of [
          ["credit", entry.credit],
          ["alt", entry.alt],
          ["focal_x", entry.focal_x],
          ["focal_y", entry.focal_y],
        ]) {
          const input = field(`${prefix}_${name}`);
          if (input) {
            input.value = value;
          }
        }
        hidden.dispatchEvent(new Event("change", { bubbles: true }));
      });
      clear.addEventListener("click", () => {
        hidden.value = "";
        current.hidden = true;
        clear.hidden = true;
        hidden.dispatchEvent(new Event("change", { bubbles: true }));
      });
    }
  });
})();
