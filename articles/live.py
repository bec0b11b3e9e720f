"""Live coverage: who may post, the writes (entries, start and end), and reading.

An article becomes live coverage when its coverage start time is set, and is
live while started and not ended. Its updates (LiveEntry) are posted from the
live desk in the admin; readers get them on the article's page, newest first,
and through a small endpoint the page polls.
"""

import html
from dataclasses import dataclass

import reversion
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models, transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from articles.models import Article, Byline, LiveEntry
from articles.permissions import can_publish
from authors.models import Author
from pagecache.invalidation import pages_changed

ENTRIES_PER_PAGE = 20
# More new entries than this in one answer of the update endpoint: the reader's
# page is told to reload instead.
MAX_UPDATES = 50
# Tags whose presence makes an entry worth posting even without text.
MEDIA_TAGS = ("<img", "<iframe", "<video", "<audio", "<figure", "<hr")


# Who may do what.


def can_post(user, article: Article) -> bool:
    """Editors, and reporters on the article's byline, post and correct updates."""
    if not (user and user.is_active and user.is_staff):
        return False
    if can_publish(user):
        return True
    return user.has_perm("articles.change_article") and (
        Byline.objects.filter(article=article, author__user=user).exists()
    )


def can_start(user) -> bool:
    """Only editors turn an article into live coverage."""
    return can_publish(user)


def allowed_authors(user, article: Article) -> list[Author]:
    """Return the authors the user may post an update as (their own first)."""
    own = list(Author.objects.filter(user=user))
    if not can_publish(user):
        on_byline = set(
            Byline.objects.filter(article=article).values_list("author", flat=True)
        )
        return [author for author in own if author.pk in on_byline]
    byline = [
        byline.author
        for byline in Byline.objects.filter(article=article).select_related("author")
    ]
    return own + [author for author in byline if author not in own]


# Writes.


def _require_poster(user, article: Article) -> None:
    if not can_post(user, article):
        raise PermissionDenied(
            _(
                "Only editors and the reporters on this article's byline can post "
                "or change its live updates."
            )
        )


def _clean_entry(entry: LiveEntry, user, article: Article) -> None:
    errors = {}
    allowed = allowed_authors(user, article)
    if entry.author_id is not None and entry.author_id not in {a.pk for a in allowed}:
        errors["author"] = _(
            "You can post as yourself only, or (editors) as one of the article's "
            "byline authors."
        )
    # Sanitised first: a body of nothing but a script is an empty update.
    entry.body = LiveEntry._meta.get_field("body").sanitize(entry.body or "")
    text = html.unescape(strip_tags(entry.body)).strip()
    if not text and not any(tag in entry.body for tag in MEDIA_TAGS):
        errors["body"] = _("Write the update: it is empty.")
    try:
        entry.full_clean(
            exclude=["article", "author", "body"], validate_constraints=False
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, messages)
    if errors:
        raise ValidationError(errors)


def _mark_article_updated(article: Article, moment) -> None:
    # The feed item's updated date, the sitemap's lastmod and the page's
    # "updated" time follow content_updated_at. A plain queryset: the article
    # queryset's update() would invalidate every cached page, and a save()
    # would bump updated_at and break an open change form's edit lock.
    models.QuerySet(Article).filter(pk=article.pk).update(content_updated_at=moment)
    article.content_updated_at = moment


def _unpin_others(entry: LiveEntry) -> None:
    if entry.is_pinned:
        LiveEntry.objects.filter(article=entry.article_id, is_pinned=True).exclude(
            pk=entry.pk
        ).update(is_pinned=False)


def _article_revision(article: Article, user, comment: str) -> None:
    """Record a change to the article's updates in the article's history."""
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment)
        reversion.add_to_revision(Article.objects.get(pk=article.pk))


@transaction.atomic
def live_entry_post(
    *,
    article: Article,
    user,
    body: str,
    headline: str = "",
    author: Author | None = None,
    is_key_event: bool = False,
    is_pinned: bool = False,
) -> LiveEntry:
    """Post a new update to running live coverage."""
    _require_poster(user, article)
    article = Article.objects.select_for_update().get(pk=article.pk)
    if not article.is_published:
        raise ValidationError(
            _("This article isn't published: publish it before posting updates.")
        )
    if not article.is_live:
        if article.coverage_ended_at and article.coverage_ended_at <= timezone.now():
            message = _("The live coverage has ended: no more updates can be posted.")
        else:
            message = _("The live coverage hasn't started yet.")
        raise ValidationError(message)
    entry = LiveEntry(
        article=article,
        author=author,
        headline=headline.strip(),
        body=body,
        is_key_event=is_key_event,
        is_pinned=is_pinned,
        created_by=user,
    )
    _clean_entry(entry, user, article)
    if entry.is_pinned:
        LiveEntry.objects.filter(article=article, is_pinned=True).update(
            is_pinned=False
        )
    entry.save()
    _mark_article_updated(article, entry.created_at)
    return entry


@transaction.atomic
def live_entry_edit(
    *,
    entry: LiveEntry,
    user,
    body: str,
    headline: str = "",
    is_key_event: bool = False,
    is_pinned: bool = False,
    correction_note: str = "",
) -> LiveEntry:
    """Change a posted update; a change readers see is shown as a correction."""
    article = entry.article
    _require_poster(user, article)
    before = LiveEntry.objects.select_for_update().get(pk=entry.pk)
    entry.headline = headline.strip()
    entry.body = body
    entry.is_key_event = is_key_event
    entry.is_pinned = is_pinned
    entry.correction_note = correction_note.strip()
    _clean_entry(entry, user, article)
    changed = entry.body != before.body or entry.headline != before.headline
    if changed:
        entry.corrected_at = timezone.now()
    _unpin_others(entry)
    entry.save()
    if changed:
        _mark_article_updated(article, entry.corrected_at)
    _article_revision(
        article,
        user,
        _("Changed live update {id} (“{summary}”). Before: {text}").format(
            id=entry.pk,
            summary=entry.summary,
            text=_plain(before),
        ),
    )
    return entry


@transaction.atomic
def live_entry_delete(*, entry: LiveEntry, user) -> None:
    article = entry.article
    _require_poster(user, article)
    _article_revision(
        article,
        user,
        _("Deleted live update {id} posted {time}: {text}").format(
            id=entry.pk,
            time=timezone.localtime(entry.created_at).strftime("%Y-%m-%d %H:%M"),
            text=_plain(entry),
        ),
    )
    entry.delete()


def _plain(entry: LiveEntry) -> str:
    text = html.unescape(strip_tags(entry.body)).strip()
    return f"{entry.headline}: {text}" if entry.headline else text


@transaction.atomic
def live_coverage_start(*, article: Article, user) -> Article:
    """Make the article live coverage, starting now."""
    if not can_start(user):
        raise PermissionDenied(_("Only editors can start live coverage."))
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.is_live:
        raise ValidationError(_("The live coverage is running already."))
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(_("Started live coverage."))
        article.coverage_started_at = timezone.now()
        article.coverage_ended_at = None
        article.save(update_fields=["coverage_started_at", "coverage_ended_at"])
    return article


@transaction.atomic
def live_coverage_end(*, article: Article, user) -> Article:
    """End running live coverage now; its updates stay, as an archive."""
    _require_poster(user, article)
    article = Article.objects.select_for_update().get(pk=article.pk)
    if not article.is_live:
        raise ValidationError(_("The live coverage isn't running."))
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(_("Ended live coverage."))
        article.coverage_ended_at = timezone.now()
        article.save(update_fields=["coverage_ended_at"])
    return article


# Reading.


def updates_url(article: Article) -> str:
    return f"{article.get_absolute_url()}live/updates/"


def cached_paths(article: Article) -> list[str]:
    """Return the paths of the cached pages an update to the article changes.

    Its page and update endpoint; the home and section pages, which show its
    card with the LIVE badge and update time; and the site and section feeds,
    whose item for it carries the updated date.
    """
    paths = [article.get_absolute_url(), updates_url(article), "/", "/feed/"]
    paths.append("/feed/atom/")
    paths.append("/news-sitemap.xml")
    section = article.section
    for family in (section, section.parent):
        if family is not None:
            url = family.get_absolute_url()
            paths += [url, f"{url}feed/"]
    return paths


def entry_changed(sender, instance: LiveEntry, raw=False, **kwargs) -> None:
    """Invalidate the cached pages showing the entry (post_save, post_delete)."""
    if raw:
        return
    article = (
        Article.objects.select_related("section__parent")
        .filter(pk=instance.article_id)
        .first()
    )
    if article is not None and article.is_published:
        pages_changed(*cached_paths(article))


@dataclass
class LivePage:
    """What the article page shows of its live coverage."""

    article: Article
    page: object
    pinned: LiveEntry | None
    key_events: list[tuple[LiveEntry, str]]
    latest_id: int
    poll_seconds: int

    @property
    def is_live(self) -> bool:
        return self.article.is_live

    @property
    def ended(self) -> bool:
        ended_at = self.article.coverage_ended_at
        return ended_at is not None and ended_at <= timezone.now()

    @property
    def article_url(self) -> str:
        return self.article.get_absolute_url()

    @property
    def updates_url(self) -> str:
        return updates_url(self.article)


def _stream_ids(article: Article) -> list[int]:
    return list(article.live_entries.stream().values_list("pk", flat=True))


def page_of(position: int) -> int:
    return position // ENTRIES_PER_PAGE + 1


def entry_location(article: Article, entry_id: int) -> str | None:
    """Return the URL of the page and anchor showing the entry (None if gone)."""
    entry = article.live_entries.filter(pk=entry_id).only("pk", "is_pinned").first()
    if entry is None:
        return None
    page = 1
    if not entry.is_pinned:
        page = page_of(_stream_ids(article).index(entry.pk))
    query = "" if page == 1 else f"?page={page}"
    return f"{article.get_absolute_url()}{query}#{entry.anchor}"


def live_page(article: Article, page_number) -> LivePage:
    """Return the page of updates to show; Http404 for a page out of range."""
    ids = _stream_ids(article)
    entries = article.live_entries.select_related("author")
    paginator = Paginator(ids, ENTRIES_PER_PAGE, allow_empty_first_page=True)
    page = paginator.page(page_number or 1)
    shown = {entry.pk: entry for entry in entries.filter(pk__in=list(page.object_list))}
    page.object_list = [shown[pk] for pk in page.object_list if pk in shown]
    pinned = entries.filter(is_pinned=True).first()
    latest = max([*ids, pinned.pk if pinned else 0])
    position = {pk: index for index, pk in enumerate(ids)}
    key_events = []
    for entry in article.live_entries.key_events().only(
        "pk", "headline", "body", "created_at", "is_pinned", "article_id"
    ):
        if entry.is_pinned or page_of(position[entry.pk]) == page.number:
            link = f"#{entry.anchor}"
        else:
            link = f"?page={page_of(position[entry.pk])}#{entry.anchor}"
        key_events.append((entry, link))
    return LivePage(
        article=article,
        page=page,
        pinned=pinned if page.number == 1 else None,
        key_events=key_events,
        latest_id=latest,
        poll_seconds=settings.NEWSROOM_LIVE_POLL_SECONDS,
    )


def new_entries(article: Article, since: int) -> list[LiveEntry]:
    """Return up to MAX_UPDATES + 1 entries posted after the one with id since."""
    return list(
        article.live_entries.filter(pk__gt=since)
        .select_related("author")
        .order_by("-id")[: MAX_UPDATES + 1]
    )
