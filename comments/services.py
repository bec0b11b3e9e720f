from datetime import timedelta
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Upper
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from comments.models import Comment
from comments.notifications import notify_commenters_of_approval, notify_moderators
from comments.policy import CommentPolicy
from newsroom.http import client_ip


class FormAlreadyUsed(Exception):
    """The form's one-time key already stored a different comment."""


def _same_submission(existing: Comment, form) -> Comment:
    if (
        existing.article_id == form.article.pk
        and existing.body == form.cleaned_data["body"]
    ):
        return existing
    raise FormAlreadyUsed


@transaction.atomic
def comment_submit(
    *, form, request: HttpRequest, policy: CommentPolicy | None = None
) -> Comment:
    """Store a reader's comment from a valid form, once, as the policy decides.

    A second submission of the same form (a double click, a resent POST) returns
    the comment the first one stored.
    """
    policy = policy or form.policy
    key = form.submission_key
    existing = Comment.objects.filter(submission_key=key).first()
    if existing is not None:
        return _same_submission(existing, form)

    comment = form.save(commit=False)
    comment.article = form.article
    comment.parent = form.cleaned_data.get("parent")
    comment.submission_key = key
    comment.notify_on_approval = form.notify_requested
    comment.ip_address = client_ip(request)
    comment.user_agent = request.headers.get("user-agent", "")[:300]
    decision = policy.decide(comment)
    comment.status = decision.status
    # The form checked the article and parent; the database enforces the
    # constraints, including the one-time key, without a race.
    comment.full_clean(exclude=["article", "parent"], validate_constraints=False)
    try:
        with transaction.atomic():
            comment.save()
    except IntegrityError:
        existing = Comment.objects.filter(submission_key=key).first()
        if existing is None:
            raise
        return _same_submission(existing, form)
    if decision.needs_review:
        transaction.on_commit(notify_moderators)
    return comment


@transaction.atomic
def comments_moderate(*, comments, status: str, moderator) -> int:
    """Set the status of comments, recording who decided and when.

    Commenters who asked are emailed (after the commit) when their comment
    becomes approved; the row locks keep two moderators from both emailing.
    """
    selected = Comment.objects.filter(pk__in=comments.values("pk"))
    newly_approved = []
    if status == Comment.Status.APPROVED:
        newly_approved = list(
            selected.exclude(status=Comment.Status.APPROVED)
            .filter(notify_on_approval=True)
            .exclude(email="")
            .select_for_update()
            .values_list("pk", flat=True)
        )
    count = selected.update(
        status=status, moderated_by=moderator, moderated_at=timezone.now()
    )
    if newly_approved:
        transaction.on_commit(partial(notify_commenters_of_approval, newly_approved))
    return count


def comment_approved_by_edit(*, comment: Comment, previous_status: str) -> None:
    """Email the commenter after a moderator approved the comment in its form."""
    if (
        comment.status == Comment.Status.APPROVED
        and previous_status != Comment.Status.APPROVED
        and comment.notify_on_approval
        and comment.email
    ):
        transaction.on_commit(partial(notify_commenters_of_approval, [comment.pk]))


def anonymise_targets(comments):
    """Return the comments, and every other comment under their authors' emails."""
    selected = Comment.objects.filter(pk__in=comments.values("pk"))
    emails = {
        email.upper()
        for email in selected.exclude(email="").values_list("email", flat=True)
    }
    return Comment.objects.alias(email_upper=Upper("email")).filter(
        Q(pk__in=selected.values("pk")) | Q(email_upper__in=emails)
    )


@transaction.atomic
def commenters_anonymise(*, comments) -> int:
    """Erase the name, email and IP of the comments' authors on all their comments.

    Commenters are matched by email address (in any letter case); the text of
    their comments stays, signed "Anonymous". Return how many comments changed.
    """
    return anonymise_targets(comments).update(
        name=_("Anonymous"),
        email="",
        ip_address=None,
        user_agent="",
        notify_on_approval=False,
    )


def comment_ips_purge(*, older_than_days: int, batch_size: int = 5000) -> int:
    """Clear IP addresses and user agents of comments older than the given days.

    Work in short batches so that a first run over a large table never holds
    long locks. Return how many comments were cleared.
    """
    cutoff = timezone.now() - timedelta(days=older_than_days)
    stale = Comment.objects.filter(created_at__lt=cutoff).filter(
        Q(ip_address__isnull=False) | ~Q(user_agent="")
    )
    total = 0
    while True:
        with transaction.atomic():
            ids = list(stale.order_by().values_list("pk", flat=True)[:batch_size])
            if not ids:
                return total
            # Readers never see IP addresses: a plain manager skips the page
            # cache invalidation that Comment.objects' bulk updates trigger.
            total += Comment._base_manager.filter(pk__in=ids).update(
                ip_address=None, user_agent=""
            )
