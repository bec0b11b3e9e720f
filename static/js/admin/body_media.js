// Buttons under the body editor: insert a library photo, a gallery or an embed
// (static/js/admin/prose_media.js draws them in the editor; images/body.py on
// the page). The server checks every reference again when the form is saved.
"use strict";

(() => {
  const EMBED_URL =
    /^https:\/\/(?:(?:www\.|m\.)?youtube\.com\/|youtu\.be\/|(?:www\.)?vimeo\.com\/|(?:www\.|mobile\.)?(?:twitter|x)\.com\/\w+\/status\/|(?:www\.)?instagram\.com\/(?:p|reel|tv)\/|(?:www\.|m\.)?facebook\.com\/|(?:www\.)?tiktok\.com\/@)\S+$/;
  const PROVIDERS = "YouTube, Vimeo, X, Instagram, Facebook or TikTok";

  function button(label, className) {
    const element = document.createElement("button");
    element.type = "button";
    element.className = `button ${className}`;
    element.textContent = label;
    return element;
  }

  function chooserDialog() {
    const dialog = document.createElement("dialog");
    dialog.className = "image-chooser__dialog";
    dialog.setAttribute("aria-label", "Choose a photo");
    dialog.innerHTML =
      '<h2>Choose a photo</h2><p><label>Search the library <input type="search" class="image-chooser__search"></label></p>' +
      '<p class="image-chooser__status" role="status"></p><ul class="image-chooser__results"></ul>' +
      '<p><button type="button" class="button image-chooser__close">Done</button></p>';
    document.body.append(dialog);
    return dialog;
  }

  document.addEventListener("prose-editor:ready", (event) => {
    const { editor, textarea } = event.detail;
    if (textarea.name !== "body" || !editor.commands.insertLibraryMedia) {
      return;
    }
    const chooser = document.querySelector(".image-chooser");
    const chooserUrl = chooser && chooser.dataset.chooserUrl;
    const tools = document.createElement("p");
    tools.className = "body-media-tools";
    const photo = button("Insert library photo", "body-media-tools__photo");
    const gallery = button("Insert gallery", "body-media-tools__gallery");
    const embed = button("Insert embed", "body-media-tools__embed");
    tools.append(photo, gallery, embed);
    const container = textarea.closest(".prose-editor") || textarea;
    container.after(tools);
    const dialog = chooserDialog();
    const choose = () => window.newsroomChooseImage(chooserUrl, dialog);

    photo.hidden = gallery.hidden = !chooserUrl || !window.newsroomChooseImage;
    photo.addEventListener("click", async () => {
      const entry = await choose();
      if (!entry) {
        return;
      }
      const caption = window.prompt(
        "Caption for this story (leave empty to use the library's):",
        entry.caption || "",
      );
      const attrs = { imageId: String(entry.id) };
      if (caption && caption !== entry.caption) {
        attrs.caption = caption;
      }
      editor.chain().focus().insertLibraryMedia(attrs).run();
    });
    gallery.addEventListener("click", async () => {
      const ids = [];
      for (;;) {
        const entry = await choose();
        if (!entry) {
          break;
        }
        ids.push(String(entry.id));
        if (!window.confirm(`${ids.length} photo(s) in the gallery. Add another?`)) {
          break;
        }
      }
      if (ids.length) {
        const caption = window.prompt("Caption for the gallery (optional):", "");
        const attrs = { gallery: ids.join(",") };
        if (caption) {
          attrs.caption = caption;
        }
        editor.chain().focus().insertLibraryMedia(attrs).run();
      }
    });
    embed.addEventListener("click", () => {
      const url = (window.prompt(`Paste a ${PROVIDERS} link:`, "") || "").trim();
      if (!url) {
        return;
      }
      if (!EMBED_URL.test(url)) {
        window.alert(`Only ${PROVIDERS} links can be embedded. Link to other sites in the text instead.`);
        return;
      }
      editor.chain().focus().insertLibraryMedia({ embed: url }).run();
    });
  });
})();
