// The body editor's library figures, galleries and embeds (images/body.py).
// The body stores references only: <figure data-image-id|data-gallery|data-embed
// data-caption>; pages draw the pictures, credits and players at view time.
import { Node, Plugin } from "django-prose-editor/editor";

const EMBED_URL =
  /^https:\/\/(?:(?:www\.|m\.)?youtube\.com\/|youtu\.be\/|(?:www\.)?vimeo\.com\/|(?:www\.|mobile\.)?(?:twitter|x)\.com\/\w+\/status\/|(?:www\.)?instagram\.com\/(?:p|reel|tv)\/|(?:www\.|m\.)?facebook\.com\/|(?:www\.)?tiktok\.com\/@)\S+$/;

const attribute = (key, name) => ({
  default: null,
  parseHTML: (element) => element.getAttribute(name),
  renderHTML: (attributes) => (attributes[key] ? { [name]: attributes[key] } : {}),
});

const LIBRARY_ATTRIBUTES = {
  imageId: "data-image-id",
  gallery: "data-gallery",
  caption: "data-caption",
  embed: "data-embed",
};

function describe(attrs) {
  if (attrs.embed) {
    return `Embed: ${attrs.embed}`;
  }
  if (attrs.gallery) {
    return `Gallery of library photos ${attrs.gallery.split(",").join(", ")}`;
  }
  return `Library photo ${attrs.imageId}`;
}

export const LibraryMedia = Node.create({
  name: "libraryMedia",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addAttributes() {
    return Object.fromEntries(
      Object.entries(LIBRARY_ATTRIBUTES).map(([key, name]) => [key, attribute(key, name)]),
    );
  },

  parseHTML() {
    return [
      { tag: "figure[data-image-id]" },
      { tag: "figure[data-gallery]" },
      { tag: "figure[data-embed]" },
    ];
  },

  renderHTML({ HTMLAttributes }) {
    return ["figure", HTMLAttributes];
  },

  addNodeView() {
    return ({ node }) => {
      const dom = document.createElement("figure");
      dom.className = "library-media";
      dom.contentEditable = "false";
      const label = document.createElement("p");
      label.className = "library-media__label";
      label.textContent = describe(node.attrs);
      dom.append(label);
      if (node.attrs.caption) {
        const caption = document.createElement("p");
        caption.className = "library-media__caption";
        caption.textContent = node.attrs.caption;
        dom.append(caption);
      }
      const thumbnails = window.newsroomLibraryThumbnails || {};
      for (const id of (node.attrs.gallery || node.attrs.imageId || "").split(",")) {
        if (thumbnails[id]) {
          const image = document.createElement("img");
          image.src = thumbnails[id];
          image.alt = "";
          image.className = "library-media__thumb";
          dom.append(image);
        }
      }
      return { dom };
    };
  },

  addCommands() {
    return {
      insertLibraryMedia:
        (attrs) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs }),
    };
  },

  addProseMirrorPlugins() {
    const type = this.type;
    return [
      new Plugin({
        props: {
          // A provider's URL pasted on its own becomes an embed.
          handlePaste(view, event, slice) {
            const text = (
              event.clipboardData?.getData("text/plain") ||
              slice.content.textBetween(0, slice.content.size, "\n") ||
              ""
            ).trim();
            if (!EMBED_URL.test(text)) {
              return false;
            }
            view.dispatch(
              view.state.tr.replaceSelectionWith(type.create({ embed: text })),
            );
            return true;
          },
        },
      }),
    ];
  },
});
