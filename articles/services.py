"""Writes to articles: saving and the editorial workflow's transitions.

Every function here keeps a version of the article (django-reversion), so the
admin, management commands and tests all leave the same history behind.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import reversion
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import (
    SLUG_REDIRECTS_ELSEWHERE,
    Article,
    ArticleAutosave,
    Correction,
    PreviousSlug,
    ReviewNote,
)
from articles.permissions import can_edit, can_publish

# What readers see change: an edit to any of these on a live article is an update.
CONTENT_FIELDS = ("headline", "standfirst", "body", "lead_image")


class Transition(models.TextChoices):
    SAVE = "save", _("Save")
    SUBMIT = "submit", _("Submit for review")
    PUBLISH = "publish", _("Publish now")
    SCHEDULE = "schedule", _("Schedule")
    UNPUBLISH = "unpublish", _("Unpublish")
    SEND_BACK = "send_back", _("Send back to reporter")


EDITOR_TRANSITIONS = {
    Transition.PUBLISH,
    Transition.SCHEDULE,
    Transition.UNPUBLISH,
    Transition.SEND_BACK,
}


@dataclass(frozen=True)
class WorkflowState:
    status: str
    published_at: datetime | None


def article_transitions(*, article: Article, user) -> list[Transition]:
    """Return what the user may do with the article in its saved state."""
    if not can_edit(user, article):
        return []
    transitions = [Transition.SAVE]
    if article.status == Article.Status.DRAFT:
        transitions.append(Transition.SUBMIT)
    if can_publish(user):
        if not article.is_published:
            transitions += [Transition.PUBLISH, Transition.SCHEDULE]
        if article.status == Article.Status.PUBLISHED:
            transitions.append(Transition.UNPUBLISH)
        if article.status == Article.Status.IN_REVIEW:
            transitions.append(Transition.SEND_BACK)
    return transitions


def workflow_target(
    *,
    saved: WorkflowState,
    action: str,
    published_at: datetime | None,
    now: datetime,
) -> WorkflowState:
    """Return the state an action leads to from the saved state, or raise why not.

    ``published_at`` is the publication time asked for (an editor may type one).
    """
    status = saved.status
    was_live = (
        status == Article.Status.PUBLISHED
        and saved.published_at is not None
        and saved.published_at <= now
    )
    if action == Transition.SAVE:
        if status != Article.Status.PUBLISHED:
            return WorkflowState(status, published_at)
        if published_at is None:
            raise ValidationError(
                {"published_at": _("A published article needs a publication time.")}
            )
        if was_live and published_at > now:
            raise ValidationError(
                {
                    "published_at": _(
                        "This article is live: a time in the future would take it "
                        "off the site. Unpublish it first, then schedule it."
                    )
                }
            )
        if not was_live and published_at <= now:
            raise ValidationError(
                {
                    "published_at": _(
                        "This time has passed. Use “Publish now” to publish the "
                        "article, or choose a time in the future."
                    )
                }
            )
        return WorkflowState(status, published_at)
    if action == Transition.SUBMIT:
        if status != Article.Status.DRAFT:
            raise ValidationError(_("Only a draft can be submitted for review."))
        return WorkflowState(Article.Status.IN_REVIEW, published_at)
    if action == Transition.PUBLISH:
        if was_live:
            raise ValidationError(_("This article is already published."))
        # A time that has passed is kept (an earlier date, or the original one of
        # an article published again); otherwise the article goes out now.
        if published_at is None or published_at > now:
            published_at = now
        return WorkflowState(Article.Status.PUBLISHED, published_at)
    if action == Transition.SCHEDULE:
        if was_live:
            raise ValidationError(
                _("This article is live. Unpublish it first, then schedule it.")
            )
        if published_at is None or published_at <= now:
            raise ValidationError(
                {
                    "published_at": _(
                        "Choose a publication time in the future to schedule the "
                        "article."
                    )
                }
            )
        return WorkflowState(Article.Status.PUBLISHED, published_at)
    if action == Transition.UNPUBLISH:
        if status != Article.Status.PUBLISHED:
            raise ValidationError(_("This article is not published."))
        # A live article keeps its date for when it goes out again; a cancelled
        # schedule is forgotten.
        return WorkflowState(
            Article.Status.DRAFT, saved.published_at if was_live else None
        )
    if action == Transition.SEND_BACK:
        if status != Article.Status.IN_REVIEW:
            raise ValidationError(
                _("Only an article in review can be sent back to the reporter.")
            )
        return WorkflowState(Article.Status.DRAFT, published_at)
    raise ValidationError(_("Unknown action."))


def _saved_values(article: Article, *fields: str) -> dict | None:
    if article.pk is None:
        return None
    return (
        Article.objects.select_for_update()
        .filter(pk=article.pk)
        .values("status", "published_at", *fields)
        .first()
    )


def _saved_state(article: Article) -> WorkflowState:
    saved = _saved_values(article)
    if saved is None:
        return WorkflowState(Article.Status.DRAFT, None)
    return WorkflowState(saved["status"], saved["published_at"])


def _require_publisher(user) -> None:
    if not can_publish(user):
        raise PermissionDenied(
            _("Only editors can publish, schedule, unpublish or send back articles.")
        )


def _revision_comment(comment: str) -> None:
    if not reversion.get_comment():
        reversion.set_comment(comment)


@transaction.atomic
def article_save(*, article: Article, user=None) -> Article:
    """Save an article, keeping a version and its old published URL working.

    ``user`` is None only for trusted code (imports, commands); a user without the
    publish permission can never store published work or a publication time.
    """
    with reversion.create_revision():
        if user is not None:
            reversion.set_user(user)
        _revision_comment(str(_("Saved.")))
        previous = _saved_values(article, "slug", *CONTENT_FIELDS)
        if user is not None and not can_publish(user):
            previous_published_at = previous["published_at"] if previous else None
            if (
                article.status == Article.Status.PUBLISHED
                or (previous and previous["status"] == Article.Status.PUBLISHED)
                or article.published_at != previous_published_at
            ):
                raise PermissionDenied(_("Only editors can change published work."))
        if article.pk is None:
            article.created_by = user
        now = timezone.now()
        if article.status == Article.Status.PUBLISHED and article.published_at is None:
            article.published_at = now
        was_live = (
            previous is not None
            and previous["status"] == Article.Status.PUBLISHED
            and previous["published_at"] <= now
        )
        if (
            was_live
            and article.status == Article.Status.PUBLISHED
            and _content_changed(article, previous)
        ):
            article.content_updated_at = now
        article.full_clean(exclude=["tags"])
        article.save()
        # Checked again now the slug is saved: if another article was leaving
        # this slug at the same moment, the unique index made this save wait
        # for it to commit, and its redirect is visible now.
        if article.slug_redirects_elsewhere():
            raise ValidationError({"slug": SLUG_REDIRECTS_ELSEWHERE})
        if (
            previous
            and previous["slug"] != article.slug
            and previous["status"] == Article.Status.PUBLISHED
        ):
            PreviousSlug.objects.get_or_create(
                slug=previous["slug"], defaults={"article": article}
            )
        # Back at an old address of its own: the page answers there again.
        article.previous_slugs.filter(slug=article.slug).delete()
    return article


def _content_changed(article: Article, previous: dict) -> bool:
    for name in CONTENT_FIELDS:
        value = getattr(article, name)
        if name == "lead_image":
            if article.lead_image_id != previous[name]:
                return True
        elif value != previous[name]:
            return True
    return False


def _transition(
    *,
    article: Article,
    user,
    action: Transition,
    published_at: datetime | None,
    comment: str,
) -> Article:
    if action in EDITOR_TRANSITIONS:
        _require_publisher(user)
    if not can_edit(user, article):
        raise PermissionDenied
    target = workflow_target(
        saved=_saved_state(article),
        action=action,
        published_at=published_at,
        now=timezone.now(),
    )
    if action in (Transition.PUBLISH, Transition.SCHEDULE):
        from articles.media import refuse_expired_images

        refuse_expired_images(article)
    article.status = target.status
    article.published_at = target.published_at
    if action == Transition.SUBMIT:
        article.submitted_at = timezone.now()
    with reversion.create_revision():
        _revision_comment(comment)
        return article_save(article=article, user=user)


@transaction.atomic
def article_submit_for_review(*, article: Article, user) -> Article:
    """Move a draft into the editors' review queue."""
    return _transition(
        article=article,
        user=user,
        action=Transition.SUBMIT,
        published_at=article.published_at,
        comment=str(_("Submitted for review.")),
    )


@transaction.atomic
def article_publish(*, article: Article, user) -> Article:
    """Publish now (or at the article's publication time, if that has passed)."""
    return _transition(
        article=article,
        user=user,
        action=Transition.PUBLISH,
        published_at=article.published_at,
        comment=str(_("Published.")),
    )


@transaction.atomic
def article_schedule(*, article: Article, user, published_at: datetime) -> Article:
    """Publish at a future time: the article appears by itself when it comes."""
    return _transition(
        article=article,
        user=user,
        action=Transition.SCHEDULE,
        published_at=published_at,
        comment=str(_("Scheduled.")),
    )


@transaction.atomic
def article_unpublish(*, article: Article, user) -> Article:
    """Take an article off the site (or cancel its schedule): back to draft."""
    return _transition(
        article=article,
        user=user,
        action=Transition.UNPUBLISH,
        published_at=article.published_at,
        comment=str(_("Unpublished.")),
    )


@transaction.atomic
def article_send_back(*, article: Article, user, note: str) -> Article:
    """Return an article in review to its reporter as a draft, with a note."""
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            {"review_note": _("Write a note telling the reporter what to change.")}
        )
    _transition(
        article=article,
        user=user,
        action=Transition.SEND_BACK,
        published_at=article.published_at,
        comment=str(_("Sent back to the reporter.")),
    )
    review_note = ReviewNote(article=article, text=note, created_by=user)
    review_note.full_clean()
    review_note.save()
    return article


@transaction.atomic
def article_apply(
    *,
    article: Article,
    user,
    action: str,
    published_at: datetime | None = None,
    note: str = "",
) -> Article:
    """Save an edited article with one workflow action (what the admin's buttons do).

    A note to the reporter goes with any action: it is required to send the
    article back, and kept with every other button (an editor's note is never
    dropped because they pressed "Publish now").
    """
    note = (note or "").strip()
    if action == Transition.SEND_BACK:
        return article_send_back(article=article, user=user, note=note)
    if note:
        _require_publisher(user)
    if action == Transition.SAVE:
        if not can_edit(user, article):
            raise PermissionDenied
        workflow_target(
            saved=_saved_state(article),
            action=action,
            published_at=article.published_at,
            now=timezone.now(),
        )
        article_save(article=article, user=user)
    elif action == Transition.SUBMIT:
        article_submit_for_review(article=article, user=user)
    elif action == Transition.PUBLISH:
        article_publish(article=article, user=user)
    elif action == Transition.SCHEDULE:
        article_schedule(article=article, user=user, published_at=published_at)
    elif action == Transition.UNPUBLISH:
        article_unpublish(article=article, user=user)
    else:
        raise ValidationError(_("Unknown action."))
    if note:
        review_note = ReviewNote(article=article, text=note, created_by=user)
        review_note.full_clean()
        review_note.save()
    return article


@transaction.atomic
def article_corrections_save(
    *, article: Article, corrections: list[Correction], user
) -> list[Correction]:
    """Store correction and update notes; a new one on a live article updates it."""
    _require_publisher(user)
    added = False
    for correction in corrections:
        if correction.pk is None:
            correction.created_by = user
            added = True
        correction.article = article
        correction.full_clean()
        correction.save()
    if added and article.is_published:
        article.content_updated_at = timezone.now()
        # update() leaves updated_at alone: the article's own fields didn't change.
        Article.objects.filter(pk=article.pk).update(
            content_updated_at=article.content_updated_at
        )
    return corrections


def autosave_cutoff() -> datetime:
    """Return the time before which autosaves are too old to keep."""
    return timezone.now() - timedelta(days=settings.NEWSROOM_AUTOSAVE_RETENTION_DAYS)


def article_autosave(
    *,
    user,
    article: Article | None,
    draft_key: str = "",
    data: dict[str, list[str]],
    lock_token: str = "",
) -> ArticleAutosave:
    """Keep the user's unsaved form data for an article (or a new article's form).

    One row per user and form, replaced each time (a single INSERT … ON CONFLICT
    UPDATE). The body is sanitised exactly as saving the article sanitises it.
    Nothing about the article itself changes: no version, no page-cache bump.
    """
    sanitize = Article._meta.get_field("body").sanitize
    kept = {
        name: [sanitize(value) for value in values] if name == "body" else values
        for name, values in data.items()
    }
    autosave = ArticleAutosave(
        user=user,
        article=article,
        key=ArticleAutosave.key_for(article, draft_key),
        data=kept,
        lock_token=lock_token,
        saved_at=timezone.now(),
    )
    ArticleAutosave.objects.bulk_create(
        [autosave],
        update_conflicts=True,
        unique_fields=["user", "key"],
        update_fields=["data", "lock_token", "saved_at"],
    )
    return autosave


def article_autosave_discard(
    *, user, article: Article | None, draft_key: str = ""
) -> int:
    """Delete the user's autosave of the article's form; return how many went."""
    deleted, _kinds = ArticleAutosave.objects.filter(
        user=user, key=ArticleAutosave.key_for(article, draft_key)
    ).delete()
    return deleted


def article_autosaves_clean(*, user, article: Article, draft_key: str = "") -> int:
    """Delete what the user's save of the article superseded, and expired autosaves.

    Called when an article is saved: the user's autosaves of its form (and of the
    new article's form it was first written in) go, as does every autosave older
    than NEWSROOM_AUTOSAVE_RETENTION_DAYS, all in one query.
    """
    keys = [ArticleAutosave.key_for(article)]
    if draft_key:
        keys.append(ArticleAutosave.key_for(None, draft_key))
    deleted, _kinds = ArticleAutosave.objects.filter(
        models.Q(user=user, key__in=keys) | models.Q(saved_at__lt=autosave_cutoff())
    ).delete()
    return deleted


def autosaves_purge() -> int:
    """Delete autosaves older than NEWSROOM_AUTOSAVE_RETENTION_DAYS; return how many."""
    deleted, _kinds = ArticleAutosave.objects.filter(
        saved_at__lt=autosave_cutoff()
    ).delete()
    return deleted
