"""Read WordPress eXtended RSS (WXR 1.0, 1.1, 1.2) exports as a stream.

The file is read with lxml's iterparse and every finished record is cleared,
so memory stays bounded whatever the file's size. The parser never expands
entities, never loads a DTD and never touches the network; a document with a
DOCTYPE (which a WXR export never has, and which XXE and entity-bomb files
need) is refused outright.

check() is the first pass: it reads the whole file and raises WXRError (with
the line and the reason) if it isn't well-formed WXR, and collects what the
import needs before it reaches the posts (attachments for featured images, the
number of items for the progress bar). records() is the second pass.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

WXR_VERSIONS = {"1.0", "1.1", "1.2"}
WP_NAMESPACE = re.compile(r"\Ahttps?://wordpress\.org/export/(\d+\.\d+)/\Z")
CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"
DC_NAMESPACE = "http://purl.org/dc/elements/1.1/"
# The channel's records: the import handles these (others are skipped).
RECORD_TAGS = {"author", "category", "tag", "term", "item"}


class WXRError(Exception):
    """The file is not well-formed WXR; the message says where and why."""

    def __init__(self, reason: str, line: int | None = None):
        self.reason = reason
        self.line = line
        where = f"line {line}: " if line else ""
        super().__init__(f"{where}{reason}")


@dataclass
class Attachment:
    wp_id: str
    url: str
    title: str = ""
    caption: str = ""
    alt: str = ""
    credit: str = ""
    parent: str = ""


@dataclass
class Survey:
    """What the first pass learnt about the file."""

    version: str = ""
    site: str = ""
    items: int = 0
    posts: int = 0
    attachments: dict[str, Attachment] = field(default_factory=dict)


def _parser(path: Path, events=("end",)):
    return etree.iterparse(
        str(path),
        events=events,
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
        strip_cdata=True,
        recover=False,
    )


def local_name(element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def namespace(element) -> str:
    tag = element.tag
    if isinstance(tag, str) and tag.startswith("{"):
        return tag[1:].split("}", 1)[0]
    return ""


def is_wp(element) -> bool:
    return WP_NAMESPACE.match(namespace(element)) is not None


def text(element) -> str:
    if element is None:
        return ""
    if len(element) == 0:
        return element.text or ""
    return "".join(element.itertext())


def _release(element) -> None:
    """Free a finished record and the ones before it (bounded memory)."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _events(path: Path) -> Iterator[tuple[str, object]]:
    """Yield (event, element), refusing DOCTYPEs and reporting syntax errors."""
    try:
        context = _parser(path, events=("start", "end"))
        first = True
        for event, element in context:
            if first:
                first = False
                docinfo = element.getroottree().docinfo
                if docinfo.doctype or docinfo.internalDTD is not None:
                    raise WXRError(
                        "the file declares a DOCTYPE (entities or a DTD): WordPress "
                        "exports never do, and the import refuses them so that no "
                        "entity is expanded and no external file is read",
                        1,
                    )
            yield event, element
    except etree.XMLSyntaxError as error:
        line = error.lineno or (error.position[0] if error.position else None)
        raise WXRError(f"not well-formed XML: {error.msg}", line) from error
    except OSError as error:
        raise WXRError(f"can't read the file: {error}") from error


def check(path: Path) -> Survey:
    """Read the whole file once; raise WXRError unless it is well-formed WXR."""
    survey = Survey()
    depth = 0
    seen_channel = False
    for event, element in _events(path):
        if event == "start":
            depth += 1
            if depth == 1 and local_name(element) != "rss":
                raise WXRError(
                    f"the document is <{local_name(element)}>, not a WordPress "
                    "export (<rss> with a <channel>)",
                    element.sourceline,
                )
            if depth == 2:
                if local_name(element) != "channel":
                    raise WXRError(
                        f"<{local_name(element)}> where the export's <channel> "
                        "should be",
                        element.sourceline,
                    )
                seen_channel = True
            continue
        depth -= 1
        if depth != 2:
            if depth < 2:
                _check_channel_end(element, survey, depth)
            continue
        name = local_name(element)
        if name == "wxr_version" and is_wp(element):
            survey.version = text(element).strip()
            if survey.version not in WXR_VERSIONS:
                raise WXRError(
                    f"WXR version {survey.version!r} is not one this import reads "
                    "(1.0, 1.1 or 1.2)",
                    element.sourceline,
                )
        elif name in ("base_site_url", "base_blog_url") and is_wp(element):
            survey.site = survey.site or text(element).strip()
        elif name == "link" and not namespace(element):
            link = text(element).strip()
            if not survey.site:
                survey.site = link
        elif name == "item":
            _check_item(element, survey)
        _release(element)
    if not seen_channel:
        raise WXRError("the export has no <channel>")
    return survey


def _check_channel_end(element, survey: Survey, depth: int) -> None:
    if depth == 1 and not survey.version:
        raise WXRError(
            "the export has no <wp:wxr_version>: it is not a WordPress export "
            "(Tools → Export) or it was cut short",
            element.sourceline,
        )


def _check_item(element, survey: Survey) -> None:
    wp_id = post_type = ""
    for child in element:
        name = local_name(child)
        if name == "post_id":
            wp_id = text(child).strip()
        elif name == "post_type":
            post_type = text(child).strip()
        elif name == "comment":
            for field_element in child:
                if local_name(field_element) == "comment_id":
                    comment_id = text(field_element).strip()
                    if not comment_id.isdigit():
                        raise WXRError(
                            "a comment without a numeric <wp:comment_id> "
                            f"({comment_id!r})",
                            child.sourceline,
                        )
                    break
            else:
                raise WXRError("a comment without a <wp:comment_id>", child.sourceline)
    if not wp_id.isdigit():
        raise WXRError(
            f"an <item> without a numeric <wp:post_id> ({wp_id!r})",
            element.sourceline,
        )
    survey.items += 1
    if post_type in ("", "post"):
        survey.posts += 1
    elif post_type == "attachment":
        item = parse_item(element)
        survey.attachments[item.wp_id] = Attachment(
            wp_id=item.wp_id,
            url=item.attachment_url,
            title=item.title,
            caption=item.excerpt,
            alt=item.meta.get("_wp_attachment_image_alt", ""),
            credit=_php_string(item.meta.get("_wp_attachment_metadata", ""), "credit"),
            parent=item.parent,
        )


def _php_string(serialized: str, key: str) -> str:
    """Return a string value from PHP-serialised metadata (WordPress postmeta)."""
    match = re.search(
        rf's:\d+:"{re.escape(key)}";s:\d+:"(.*?)";', serialized, flags=re.S
    )
    return match.group(1) if match else ""


@dataclass(eq=False)
class Comment:
    wp_id: str
    author: str = ""
    email: str = ""
    url: str = ""
    ip: str = ""
    date: str = ""
    date_gmt: str = ""
    content: str = ""
    approved: str = ""
    comment_type: str = ""
    parent: str = ""


@dataclass
class Item:
    wp_id: str = ""
    title: str = ""
    link: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    date: str = ""
    date_gmt: str = ""
    pub_date: str = ""
    name: str = ""
    status: str = ""
    post_type: str = ""
    parent: str = ""
    password: str = ""
    attachment_url: str = ""
    categories: list[tuple[str, str, str]] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)
    line: int | None = None


ITEM_FIELDS = {
    "post_id": "wp_id",
    "post_date": "date",
    "post_date_gmt": "date_gmt",
    "post_name": "name",
    "status": "status",
    "post_type": "post_type",
    "post_parent": "parent",
    "post_password": "password",
    "attachment_url": "attachment_url",
}
COMMENT_FIELDS = {
    "comment_id": "wp_id",
    "comment_author": "author",
    "comment_author_email": "email",
    "comment_author_url": "url",
    "comment_author_IP": "ip",
    "comment_date": "date",
    "comment_date_gmt": "date_gmt",
    "comment_content": "content",
    "comment_approved": "approved",
    "comment_type": "comment_type",
    "comment_parent": "parent",
}


def parse_item(element) -> Item:
    item = Item(line=element.sourceline)
    for child in element:
        name = local_name(child)
        ns = namespace(child)
        if not ns:
            if name == "title":
                item.title = text(child)
            elif name == "link":
                item.link = text(child).strip()
            elif name == "pubDate":
                item.pub_date = text(child).strip()
            elif name == "category":
                item.categories.append(
                    (
                        child.get("domain", "category"),
                        child.get("nicename", ""),
                        text(child),
                    )
                )
        elif ns == CONTENT_NAMESPACE and name == "encoded":
            item.content = text(child)
        elif ns == DC_NAMESPACE and name == "creator":
            item.creator = text(child).strip()
        elif name == "encoded" and "excerpt" in ns:
            item.excerpt = text(child)
        elif WP_NAMESPACE.match(ns):
            if name in ITEM_FIELDS:
                value = text(child)
                if name != "post_name":
                    value = value.strip()
                setattr(item, ITEM_FIELDS[name], value)
            elif name == "postmeta":
                key = value = ""
                for meta in child:
                    if local_name(meta) == "meta_key":
                        key = text(meta).strip()
                    elif local_name(meta) == "meta_value":
                        value = text(meta)
                if key:
                    item.meta[key] = value
            elif name == "comment":
                item.comments.append(_parse_comment(child))
    item.name = item.name.strip()
    return item


def _parse_comment(element) -> Comment:
    comment = Comment(wp_id="")
    for child in element:
        name = local_name(child)
        if name in COMMENT_FIELDS:
            value = text(child)
            if name != "comment_content":
                value = value.strip()
            setattr(comment, COMMENT_FIELDS[name], value)
    return comment


@dataclass
class Author:
    login: str
    wp_id: str = ""
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    description: str = ""


@dataclass
class Term:
    taxonomy: str
    slug: str
    name: str = ""
    wp_id: str = ""
    parent: str = ""
    description: str = ""


def _fields(element) -> dict[str, str]:
    return {local_name(child): text(child).strip() for child in element}


def _parse_author(element) -> Author:
    values = _fields(element)
    return Author(
        login=values.get("author_login", ""),
        wp_id=values.get("author_id", ""),
        email=values.get("author_email", ""),
        display_name=values.get("author_display_name", ""),
        first_name=values.get("author_first_name", ""),
        last_name=values.get("author_last_name", ""),
        description=values.get("author_description", ""),
    )


def _parse_term(element, kind: str) -> Term:
    values = _fields(element)
    if kind == "category":
        return Term(
            taxonomy="category",
            slug=values.get("category_nicename", ""),
            name=values.get("cat_name", ""),
            wp_id=values.get("term_id", ""),
            parent=values.get("category_parent", ""),
            description=values.get("category_description", ""),
        )
    if kind == "tag":
        return Term(
            taxonomy="post_tag",
            slug=values.get("tag_slug", ""),
            name=values.get("tag_name", ""),
            wp_id=values.get("term_id", ""),
            description=values.get("tag_description", ""),
        )
    return Term(
        taxonomy=values.get("term_taxonomy", ""),
        slug=values.get("term_slug", ""),
        name=values.get("term_name", ""),
        wp_id=values.get("term_id", ""),
        parent=values.get("term_parent", ""),
        description=values.get("term_description", ""),
    )


def records(path: Path) -> Iterator[Author | Term | Item]:
    """Yield the channel's authors, terms and items in file order."""
    depth = 0
    for event, element in _events(path):
        if event == "start":
            depth += 1
            continue
        depth -= 1
        if depth != 2:
            continue
        name = local_name(element)
        if name == "item":
            yield parse_item(element)
        elif is_wp(element) and name == "author":
            yield _parse_author(element)
        elif is_wp(element) and name in ("category", "tag", "term"):
            yield _parse_term(element, name)
        _release(element)
