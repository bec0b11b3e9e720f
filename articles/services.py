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
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import TaggedItem

from articles.media import refuse_expired_images
from articles.models import (
    SLUG_REDIRECTS_ELSEWHERE,
    Article,
    ArticleAutosave,
    Byline,
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


@dataclass(frozen=True)
class SavedArticle:
    """An article's row as a save found it, locked: what the save compares against."""

    status: str
    published_at: datetime | None
    slug: str
    headline: str
    standfirst: str
    body: str
    # The library photo's id (images.Image).
    lead_image: int | None
    # The article's edit lock (see articles.admin.lock_token).
    updated_at: datetime | None

    @property
    def state(self) -> WorkflowState:
        return WorkflowState(self.status, self.published_at)

    @property
    def was_published(self) -> bool:
        return self.status == Article.Status.PUBLISHED

    @classmethod
    def of(cls, article: Article) -> "SavedArticle":
        """Return the saved state of an article just read from the database."""
        return cls(
            status=article.status,
            published_at=article.published_at,
            slug=article.slug,
            headline=article.headline,
            standfirst=article.standfirst,
            body=article.body,
            lead_image=article.lead_image_id,
            updated_at=article.updated_at,
        )


def article_for_update(*, pk: int) -> Article | None:
    """Read an article to save it: the one locked read of a save.

    The row stays locked until the transaction ends (of two saves at once, the
    second waits here, then reads the first one's changes). The article carries
    what the permission checks need (byline_user_ids) and, as ``saved``, the
    state article_plan() and article_apply() compare the edit against.
    """
    article = (
        Article.objects.select_for_update(of=("self",))
        .with_byline_user_ids()
        # What the new version follows (see reversion.register in models.py),
        # read here once rather than again for each byline and tag.
        .prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author")),
            Prefetch("tagged_items", queryset=TaggedItem.objects.select_related("tag")),
        )
        .filter(pk=pk)
        .first()
    )
    if article is None:
        return None
    for tagged_item in article.tagged_items.all():
        tagged_item.content_object = article
    article.saved = SavedArticle.of(article)
    return article


def _saved(article: Article) -> SavedArticle | None:
    """Return the article's saved row, locking it (None for a new article)."""
    if article.pk is None:
        return None
    values = (
        Article.objects.select_for_update()
        .filter(pk=article.pk)
        .values("status", "published_at", "slug", "updated_at", *CONTENT_FIELDS)
        .first()
    )
    if values is None:
        return None
    return SavedArticle(**values)


def _require_publisher(user) -> None:
    if not can_publish(user):
        raise PermissionDenied(
            _("Only editors can publish, schedule, unpublish or send back articles.")
        )


def _revision_comment(comment: str) -> None:
    if not reversion.get_comment():
        reversion.set_comment(comment)


@dataclass(frozen=True)
class ArticlePlan:
    """What one save of an article does: its action, from which state to which."""

    action: Transition
    saved: SavedArticle | None
    target: WorkflowState


_UNREAD = object()


def article_plan(
    *,
    article: Article,
    user,
    action: str,
    published_at: datetime | None,
    note: str = "",
    saved: SavedArticle | None | object = _UNREAD,
) -> ArticlePlan:
    """Return what saving the article with an action does, or raise why it can't.

    ``saved`` is the article's row as the caller read it under its lock
    (article_for_update()); without it, the row is read (and locked) here.
    """
    if action not in Transition.values:
        raise ValidationError(_("Unknown action."))
    action = Transition(action)
    if action in EDITOR_TRANSITIONS or (note or "").strip():
        _require_publisher(user)
    if not can_edit(user, article):
        raise PermissionDenied
    if saved is _UNREAD:
        saved = _saved(article)
    target = workflow_target(
        saved=saved.state if saved else WorkflowState(Article.Status.DRAFT, None),
        action=action,
        published_at=published_at,
        now=timezone.now(),
    )
    return ArticlePlan(action=action, saved=saved, target=target)


@transaction.atomic
def article_save(*, article: Article, user=None) -> Article:
    """Save an article, keeping a version and its old published URL working.

    ``user`` is None only for trusted code (imports, commands); a user without the
    publish permission can never store published work or a publication time.
    """
    with reversion.create_revision(atomic=False):
        if user is not None:
            reversion.set_user(user)
        _revision_comment(str(_("Saved.")))
        _store(article=article, user=user, previous=_saved(article), validate=True)
    return article


def _store(
    *, article: Article, user, previous: SavedArticle | None, validate: bool
) -> None:
    if user is not None and not can_publish(user):
        previous_published_at = previous.published_at if previous else None
        if (
            article.status == Article.Status.PUBLISHED
            or (previous and previous.was_published)
            or article.published_at != previous_published_at
        ):
            raise PermissionDenied(_("Only editors can change published work."))
    if article.pk is None:
        article.created_by = user
    now = timezone.now()
    if article.status == Article.Status.PUBLISHED and article.published_at is None:
        article.published_at = now
    was_live = (
        previous is not None and previous.was_published and previous.published_at <= now
    )
    if (
        was_live
        and article.status == Article.Status.PUBLISHED
        and _content_changed(article, previous)
    ):
        article.content_updated_at = now
    if validate:
        article.full_clean(exclude=["tags", "search_vector"])
    # What the page cache's pre_save receiver would otherwise ask the database.
    article.saved_status = previous.status if previous else None
    article.save()
    if getattr(article, "saved", None) is not None:
        # Still the row as it is now, for what the same request does next.
        article.saved = SavedArticle.of(article)
    if previous is not None and previous.slug == article.slug:
        return
    # Checked again now the slug is saved: if another article was leaving
    # this slug at the same moment, the unique index made this save wait
    # for it to commit, and its redirect is visible now.
    if article.slug_redirects_elsewhere():
        raise ValidationError({"slug": SLUG_REDIRECTS_ELSEWHERE})
    if previous and previous.was_published:
        PreviousSlug.objects.get_or_create(
            slug=previous.slug, defaults={"article": article}
        )
    # Back at an old address of its own: the page answers there again.
    article.previous_slugs.filter(slug=article.slug).delete()


def _content_changed(article: Article, previous: SavedArticle) -> bool:
    for name in CONTENT_FIELDS:
        if name == "lead_image":
            value = article.lead_image_id
        else:
            value = getattr(article, name)
        if value != getattr(previous, name):
            return True
    return False


REVISION_COMMENTS = {
    Transition.SUBMIT: _("Submitted for review."),
    Transition.PUBLISH: _("Published."),
    Transition.SCHEDULE: _("Scheduled."),
    Transition.UNPUBLISH: _("Unpublished."),
    Transition.SEND_BACK: _("Sent back to the reporter."),
}


def _carry_out(*, article: Article, user, plan: ArticlePlan, validate: bool) -> None:
    """Make the plan's change and save the article, in one version."""
    if validate and plan.action in (Transition.PUBLISH, Transition.SCHEDULE):
        # (A form that made the plan has checked this against its own values.)
        refuse_expired_images(article)
    if plan.action != Transition.SAVE:
        article.status = plan.target.status
        article.published_at = plan.target.published_at
    if plan.action == Transition.SUBMIT:
        article.submitted_at = timezone.now()
    with reversion.create_revision(atomic=False):
        if user is not None:
            reversion.set_user(user)
        _revision_comment(str(REVISION_COMMENTS.get(plan.action, _("Saved."))))
        _store(article=article, user=user, previous=plan.saved, validate=validate)


def _keep_note(*, article: Article, user, note: str) -> None:
    review_note = ReviewNote(article=article, text=note, created_by=user)
    review_note.full_clean()
    review_note.save()


@transaction.atomic
def _transition(
    *, article: Article, user, action: Transition, published_at: datetime | None
) -> Article:
    plan = article_plan(
        article=article, user=user, action=action, published_at=published_at
    )
    _carry_out(article=article, user=user, plan=plan, validate=True)
    return article


def article_submit_for_review(*, article: Article, user) -> Article:
    """Move a draft into the editors' review queue."""
    return _transition(
        article=article,
        user=user,
        action=Transition.SUBMIT,
        published_at=article.published_at,
    )


def article_publish(*, article: Article, user) -> Article:
    """Publish now (or at the article's publication time, if that has passed)."""
    return _transition(
        article=article,
        user=user,
        action=Transition.PUBLISH,
        published_at=article.published_at,
    )


def article_schedule(*, article: Article, user, published_at: datetime) -> Article:
    """Publish at a future time: the article appears by itself when it comes."""
    return _transition(
        article=article,
        user=user,
        action=Transition.SCHEDULE,
        published_at=published_at,
    )


def article_unpublish(*, article: Article, user) -> Article:
    """Take an article off the site (or cancel its schedule): back to draft."""
    return _transition(
        article=article,
        user=user,
        action=Transition.UNPUBLISH,
        published_at=article.published_at,
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
    )
    _keep_note(article=article, user=user, note=note)
    return article


def article_apply(
    *,
    article: Article,
    user,
    action: str,
    published_at: datetime | None = None,
    note: str = "",
    plan: ArticlePlan | None = None,
) -> Article:
    """Save an edited article with one workflow action (what the admin's buttons do).

    A note to the reporter goes with any action: it is required to send the
    article back, and kept with every other button (an editor's note is never
    dropped because they pressed "Publish now").

    ``plan`` is the article_plan() the caller made in its own transaction,
    from the row it locked, and validated the article against in the plan's
    target state (ArticleAdminForm does, to show errors in the form): then
    nothing is read, planned or validated a second time, and no savepoint is
    needed (nothing here has to roll back on its own).
    """
    note = (note or "").strip()
    if action == Transition.SEND_BACK and not note:
        raise ValidationError(
            {"review_note": _("Write a note telling the reporter what to change.")}
        )
    with transaction.atomic(savepoint=plan is None):
        if plan is None:
            if action == Transition.SCHEDULE:
                requested = published_at
            else:
                requested = article.published_at
            plan = article_plan(
                article=article,
                user=user,
                action=action,
                published_at=requested,
                note=note,
            )
            validate = True
        else:
            validate = False
        _carry_out(article=article, user=user, plan=plan, validate=validate)
        if note:
            _keep_note(article=article, user=user, note=note)
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
