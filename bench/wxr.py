"""A synthetic WordPress export for the import benchmark: `python -m bench.wxr`.

Writes a WXR 1.2 file of --posts posts with --comments comments spread over
them (a third of them replies, some nested), --authors authors, --categories
categories (a quarter of them regional editions) and --tags tags, streamed to
disk so any size can be made. Then time the import, for example:

    python -m bench.wxr --posts 100000 --comments 1000000 --out var/bench.xml
    /usr/bin/time -v python manage.py import_wordpress var/bench.xml

With --media DIR, every tenth post's photo is also an attachment (with caption,
alt text and credit) and a JPEG written to DIR, and every twentieth post has it
as featured image too: import with --media-from DIR to time the media library.

The README's "Moving from WordPress" (docs/wordpress.md) records the figures.
"""

import argparse
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

WORDS = (  # noqa: SIM905
    "council harbour festival market beach road water school mayor tourism "
    "fishermen museum market hospital police fiesta vineyard orange almond "
    "ferry storm summer budget election residents port traffic cycle lane"
).split()


def paragraph(rng: random.Random, words: int = 60) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def write_photo(path: Path, n: int) -> None:
    from PIL import Image, ImageDraw

    colour = ((n * 37) % 256, (n * 91) % 256, (n * 53) % 256)
    image = Image.new("RGB", (800, 600), colour)
    draw = ImageDraw.Draw(image)
    for step in range(12):
        shade = (colour[0] ^ step * 20, colour[1], colour[2] ^ step * 9)
        draw.rectangle((step * 30, step * 20, 800 - step * 30, 600 - step * 20), shade)
    image.save(path, "JPEG", quality=85)


def attachment(n: int, wp_id: int, parent: int) -> str:
    credit = f"Photographer {n % 50}"
    meta = f'a:1:{{s:10:"image_meta";a:1:{{s:6:"credit";s:{len(credit)}:"{credit}";}}}}'
    return (
        f"<item><title>Photo {n}</title>"
        f"<excerpt:encoded>{cdata(f'Caption {n}')}</excerpt:encoded>"
        f"<wp:post_id>{wp_id}</wp:post_id><wp:post_parent>{parent}</wp:post_parent>"
        "<wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type>"
        "<wp:attachment_url>https://bench.example.org/wp-content/uploads/"
        f"photo{n}.jpg</wp:attachment_url><wp:postmeta><wp:meta_key>"
        "_wp_attachment_image_alt</wp:meta_key><wp:meta_value>"
        f"{cdata(f'Photo {n}')}</wp:meta_value></wp:postmeta><wp:postmeta>"
        "<wp:meta_key>_wp_attachment_metadata</wp:meta_key><wp:meta_value>"
        f"{cdata(meta)}</wp:meta_value></wp:postmeta></item>\n"
    )


def write(
    out,
    posts: int,
    comments: int,
    authors: int,
    categories: int,
    tags: int,
    media: Path | None = None,
):
    rng = random.Random(42)
    out.write(
        '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
        'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
        "<title>Bench Gazette</title><link>https://bench.example.org</link>\n"
        "<wp:wxr_version>1.2</wp:wxr_version>"
        "<wp:base_site_url>https://bench.example.org</wp:base_site_url>\n"
    )
    for n in range(1, authors + 1):
        out.write(
            f"<wp:author><wp:author_id>{n}</wp:author_id><wp:author_login>"
            f"writer{n}</wp:author_login><wp:author_email>writer{n}@example.org"
            f"</wp:author_email><wp:author_display_name>{cdata(f'Writer {n}')}"
            "</wp:author_display_name></wp:author>\n"
        )
    top = max(1, categories * 3 // 4)
    for n in range(1, categories + 1):
        parent = "" if n <= top else f"cat-{rng.randint(1, top)}"
        out.write(
            f"<wp:category><wp:term_id>{n}</wp:term_id><wp:category_nicename>cat-{n}"
            f"</wp:category_nicename><wp:category_parent>{parent}"
            f"</wp:category_parent><wp:cat_name>{cdata(f'Section {n}')}"
            "</wp:cat_name></wp:category>\n"
        )
    for n in range(1, tags + 1):
        out.write(
            f"<wp:tag><wp:term_id>{categories + n}</wp:term_id><wp:tag_slug>tag-{n}"
            f"</wp:tag_slug><wp:tag_name>{cdata(f'Tag {n}')}</wp:tag_name></wp:tag>\n"
        )
    start = datetime(2010, 1, 1, tzinfo=UTC)
    comment_id = 0
    per_post, extra = divmod(comments, posts)
    for n in range(1, posts + 1):
        when = start + timedelta(minutes=n * 90)
        date = when.strftime("%Y-%m-%d %H:%M:%S")
        body = "\n\n".join(paragraph(rng) for _ in range(6))
        meta = ""
        if n % 10 == 0:
            attachment_id = posts + n if media else n
            body += (
                f'\n\n[caption id="attachment_{attachment_id}" width="600"]<img '
                f'src="https://bench.example.org/wp-content/uploads/photo{n}.jpg" '
                f'alt="Photo {n}" /> Caption {n}[/caption]'
            )
            if media:
                write_photo(media / f"photo{n}.jpg", n)
                out.write(attachment(n, attachment_id, n))
                if n % 20 == 0:
                    meta = (
                        "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
                        f"<wp:meta_value>{attachment_id}</wp:meta_value></wp:postmeta>"
                    )
        out.write(
            f"<item><title>{cdata(f'Story {n}: ' + paragraph(rng, 6))}</title>"
            f"<dc:creator>writer{rng.randint(1, authors)}</dc:creator>"
            f"<content:encoded>{cdata(body)}</content:encoded>"
            f"<excerpt:encoded>{cdata(paragraph(rng, 20))}</excerpt:encoded>"
            f"<wp:post_id>{n}</wp:post_id><wp:post_date_gmt>{date}</wp:post_date_gmt>"
            f"<wp:post_name>story-{n}</wp:post_name><wp:status>publish</wp:status>"
            f"<wp:post_type>post</wp:post_type>{meta}"
            f'<category domain="category" nicename="cat-{rng.randint(1, categories)}">'
            "Section</category>"
        )
        for tag in rng.sample(range(1, tags + 1), k=min(3, tags)):
            out.write(
                f'<category domain="post_tag" nicename="tag-{tag}">Tag {tag}</category>'
            )
        count = per_post + (1 if n <= extra else 0)
        first = comment_id + 1
        for c in range(count):
            comment_id += 1
            parent = 0
            if c and rng.random() < 0.33:
                parent = rng.randint(first, comment_id - 1)
            status = "1" if rng.random() < 0.9 else rng.choice(["0", "spam", "trash"])
            out.write(
                f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                f"<wp:comment_author>{cdata(f'Reader {comment_id % 5000}')}"
                f"</wp:comment_author><wp:comment_author_email>reader"
                f"{comment_id % 5000}@example.org</wp:comment_author_email>"
                f"<wp:comment_author_IP>192.0.2.{comment_id % 250}"
                f"</wp:comment_author_IP><wp:comment_date_gmt>{date}"
                f"</wp:comment_date_gmt><wp:comment_content>"
                f"{cdata(paragraph(rng, 25))}</wp:comment_content>"
                f"<wp:comment_approved>{status}</wp:comment_approved>"
                f"<wp:comment_type></wp:comment_type><wp:comment_parent>{parent}"
                "</wp:comment_parent></wp:comment>"
            )
        out.write("</item>\n")
    out.write("</channel>\n</rss>\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument("--authors", type=int, default=200)
    parser.add_argument("--categories", type=int, default=40)
    parser.add_argument("--tags", type=int, default=5000)
    parser.add_argument("--out", type=Path, default=Path("var/bench-wordpress.xml"))
    parser.add_argument(
        "--media", type=Path, help="also write attachments and their JPEGs here"
    )
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if args.media:
        args.media.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", buffering=1 << 20) as out:
        write(
            out,
            args.posts,
            args.comments,
            args.authors,
            args.categories,
            args.tags,
            args.media,
        )
    print(f"{args.out}: {args.out.stat().st_size / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
