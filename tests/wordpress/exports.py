"""Build small WXR exports for tests, and count what a real one holds."""

import os
from pathlib import Path

import pytest
from lxml import etree

# Real exports written by others (WordPress's theme unit test data and importer
# test files) live beside the checkout, in shared/wxr/, not in the project.
REAL_EXPORTS_DIR = Path(
    os.environ.get(
        "NEWSROOM_WXR_DIR", Path(__file__).resolve().parents[3] / "shared" / "wxr"
    )
)


def shared_export(name: str) -> Path:
    """Return the path of a real export in shared/wxr/ (skip when it isn't there)."""
    path = REAL_EXPORTS_DIR / name
    if not path.is_file():
        pytest.skip(f"{name} not found in {REAL_EXPORTS_DIR} (set NEWSROOM_WXR_DIR)")
    return path


WP = "http://wordpress.org/export/1.2/"

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
  xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Test site</title>
  <link>{site}</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>{site}</wp:base_site_url>
  <wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[ana]]></wp:author_login>
    <wp:author_email><![CDATA[ana@example.org]]></wp:author_email>
    <wp:author_display_name><![CDATA[Ana García]]></wp:author_display_name></wp:author>
  <wp:category><wp:term_id>2</wp:term_id><wp:category_nicename><![CDATA[news]]></wp:category_nicename>
    <wp:category_parent><![CDATA[]]></wp:category_parent>
    <wp:cat_name><![CDATA[News]]></wp:cat_name></wp:category>
  <wp:category><wp:term_id>3</wp:term_id><wp:category_nicename><![CDATA[denia]]></wp:category_nicename>
    <wp:category_parent><![CDATA[news]]></wp:category_parent>
    <wp:cat_name><![CDATA[Dénia]]></wp:cat_name></wp:category>
  <wp:tag><wp:term_id>4</wp:term_id><wp:tag_slug><![CDATA[%d0%bc%d0%be%d1%81%d0%ba%d0%b2%d0%b0]]></wp:tag_slug>
    <wp:tag_name><![CDATA[Москва]]></wp:tag_name></wp:tag>
"""
TAIL = "</channel>\n</rss>\n"


def comment(
    wp_id: int,
    *,
    parent: int = 0,
    approved: str = "1",
    author: str = "Reader",
    email: str = "reader@example.org",
    ip: str = "192.0.2.1",
    content: str = "A comment.",
    date: str = "2024-03-01 10:00:00",
    kind: str = "",
) -> str:
    return f"""<wp:comment><wp:comment_id>{wp_id}</wp:comment_id>
  <wp:comment_author><![CDATA[{author}]]></wp:comment_author>
  <wp:comment_author_email><![CDATA[{email}]]></wp:comment_author_email>
  <wp:comment_author_IP><![CDATA[{ip}]]></wp:comment_author_IP>
  <wp:comment_date_gmt><![CDATA[{date}]]></wp:comment_date_gmt>
  <wp:comment_content><![CDATA[{content}]]></wp:comment_content>
  <wp:comment_approved><![CDATA[{approved}]]></wp:comment_approved>
  <wp:comment_type><![CDATA[{kind}]]></wp:comment_type>
  <wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"""


def post(
    wp_id: int,
    *,
    title: str = "A post",
    slug: str = "a-post",
    content: str = "First paragraph.\n\nSecond paragraph.",
    excerpt: str = "",
    status: str = "publish",
    post_type: str = "post",
    date: str = "2024-02-29 09:30:00",
    category: str = "news",
    tags: tuple[str, ...] = (),
    comments: tuple[str, ...] = (),
    thumbnail: int | None = None,
    extra: str = "",
) -> str:
    terms = (
        f'<category domain="category" nicename="{category}">'
        f"<![CDATA[{category}]]></category>"
    )
    terms += "".join(
        f'<category domain="post_tag" nicename="{tag}"><![CDATA[{tag}]]></category>'
        for tag in tags
    )
    meta = (
        f"<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
        f"<wp:meta_value>{thumbnail}</wp:meta_value></wp:postmeta>"
        if thumbnail
        else ""
    )
    return f"""<item><title><![CDATA[{title}]]></title>
  <dc:creator><![CDATA[ana]]></dc:creator>
  <content:encoded><![CDATA[{content}]]></content:encoded>
  <excerpt:encoded><![CDATA[{excerpt}]]></excerpt:encoded>
  <wp:post_id>{wp_id}</wp:post_id>
  <wp:post_date_gmt><![CDATA[{date}]]></wp:post_date_gmt>
  <wp:post_name><![CDATA[{slug}]]></wp:post_name>
  <wp:status><![CDATA[{status}]]></wp:status>
  <wp:post_type><![CDATA[{post_type}]]></wp:post_type>
  {terms}{meta}{extra}{"".join(comments)}
</item>"""


def attachment(
    wp_id: int,
    url: str,
    *,
    caption: str = "",
    alt: str = "",
    credit: str = "",
    parent: int = 0,
) -> str:
    metadata = (
        f'a:1:{{s:10:"image_meta";a:1:{{s:6:"credit";s:{len(credit)}:"{credit}";}}}}'
    )
    return f"""<item><title><![CDATA[photo]]></title>
  <excerpt:encoded><![CDATA[{caption}]]></excerpt:encoded>
  <wp:post_id>{wp_id}</wp:post_id>
  <wp:post_parent>{parent}</wp:post_parent>
  <wp:status>inherit</wp:status>
  <wp:post_type>attachment</wp:post_type>
  <wp:attachment_url><![CDATA[{url}]]></wp:attachment_url>
  <wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value><![CDATA[{alt}]]></wp:meta_value></wp:postmeta>
  <wp:postmeta><wp:meta_key>_wp_attachment_metadata</wp:meta_key><wp:meta_value><![CDATA[{metadata}]]></wp:meta_value></wp:postmeta>
</item>"""


def export(
    tmp_path: Path,
    *items: str,
    site: str = "https://old.example.org",
    name="export.xml",
) -> Path:
    path = tmp_path / name
    path.write_text(HEAD.format(site=site) + "\n".join(items) + TAIL, encoding="utf-8")
    return path


def expected(path: Path) -> dict[str, int]:
    """Count, independently of the importer, what a real export should import."""
    root = etree.parse(str(path), etree.XMLParser(resolve_entities=False)).getroot()
    channel = root.find("channel")

    def wp(element, name):
        for child in element:
            if etree.QName(child).localname == name and "wordpress.org/export" in (
                etree.QName(child).namespace or ""
            ):
                yield child

    def value(element, name):
        found = next(wp(element, name), None)
        return (found.text or "").strip() if found is not None else ""

    posts = comments = 0
    creators = {value(a, "author_login") for a in wp(channel, "author")}
    categories = {value(c, "category_nicename") for c in wp(channel, "category")}
    tags = {value(t, "tag_slug") for t in wp(channel, "tag")}
    for item in channel.iter("item"):
        if value(item, "post_type") != "post" or value(item, "status") == "trash":
            continue
        posts += 1
        creator = item.find("{http://purl.org/dc/elements/1.1/}creator")
        if creator is not None and creator.text:
            creators.add(creator.text.strip())
        for term in item.findall("category"):
            if term.get("domain") == "category":
                categories.add(term.get("nicename"))
            elif term.get("domain") == "post_tag":
                tags.add(term.get("nicename"))
        comments += sum(
            1
            for c in wp(item, "comment")
            if value(c, "comment_type") not in ("pingback", "trackback")
        )
    return {
        "articles": posts,
        "comments": comments,
        "authors": len(creators - {""}),
        "categories": len(categories - {"", None}),
        "tags": len(tags - {"", None}),
    }
