from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Upper
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from comments.models import Ban, Comment, ModerationAction, Report
from comments.notifications import notify_commenters_of_approval, notify_moderators
from comments.policy import CommentPolicy, Decision
from core.client_ip import client_ip


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
    bans = Ban.objects.matching(email=comment.email, ip_address=comment.ip_address)
    if bans:
        # Kept, as rejected: the commenter sees the usual thank-you and nothing
        # reaches readers or moderators' queue; moderators see why.
        decision = Decision(Comment.Status.REJECTED, "ban", False)
        comment.status = Comment.Status.REJECTED
        comment.status_reason = _("Banned: {reason}").format(reason=bans[0].reason)[
            :300
        ]
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
    if bans:
        ModerationAction.objects.create(
            comment=comment,
            kind=ModerationAction.Kind.BAN,
            to_status=Comment.Status.REJECTED,
            note=comment.status_reason,
        )
    if decision.needs_review:
        # In the transaction: the job commits with the comment, or not at all.
        notify_moderators()
    return comment


KIND_OF_STATUS = {
    Comment.Status.APPROVED: ModerationAction.Kind.APPROVE,
    Comment.Status.REJECTED: ModerationAction.Kind.REJECT,
    Comment.Status.SPAM: ModerationAction.Kind.SPAM,
}
# How long a moderator can take a decision back from the queue (the server's
# rule; the page shows the undo button a little less long).
UNDO_SECONDS = 15


class UndoRefused(Exception):
    """The decision can't be undone any more (too late, or decided since)."""


def changing(comments, status: str):
    """Return the comments a decision would change: not those already decided so.

    An approved comment nobody reviewed yet (post-moderation) is still changed:
    approving it records the review.
    """
    return comments.exclude(status=status, moderated_at__isnull=False)


@transaction.atomic
def comments_moderate(
    *, comments, status: str, moderator, kind: str | None = None
) -> list[ModerationAction]:
    """Set the status of comments, recording who decided, when, and from what.

    Comments already decided so are left alone. Commenters who asked are
    emailed (after the commit) when their comment becomes approved; the row
    locks keep two moderators from both emailing. Readers' open reports on the
    comments count as answered. Return the recorded actions.
    """
    selected = Comment.objects.filter(pk__in=comments.values("pk"))
    # Deciding answers readers' reports, even when the status stays (kept).
    Report.objects.filter(comment__in=selected, resolved=False).update(resolved=True)
    rows = list(
        changing(selected, status)
        .select_for_update()
        .order_by("pk")
        .values(
            "pk",
            "status",
            "moderated_by",
            "moderated_at",
            "notify_on_approval",
            "email",
        )
    )
    if not rows:
        return []
    now = timezone.now()
    pks = [row["pk"] for row in rows]
    Comment.objects.filter(pk__in=pks).update(
        status=status, moderated_by=moderator, moderated_at=now, status_reason=""
    )
    actions = ModerationAction.objects.bulk_create(
        ModerationAction(
            comment_id=row["pk"],
            actor=moderator,
            kind=kind or KIND_OF_STATUS[status],
            from_status=row["status"],
            to_status=status,
            previous_moderated_by_id=row["moderated_by"],
            previous_moderated_at=row["moderated_at"],
            created_at=now,
        )
        for row in rows
    )
    newly_approved = [
        row["pk"]
        for row in rows
        if status == Comment.Status.APPROVED
        and row["status"] != Comment.Status.APPROVED
        and row["notify_on_approval"]
        and row["email"]
    ]
    if newly_approved:
        notify_commenters_of_approval(newly_approved)
    return actions


@transaction.atomic
def moderation_undo(*, action_id: int, moderator, comments) -> ModerationAction:
    """Take back the moderator's own recent decision on a comment they can see.

    Refused after UNDO_SECONDS, or when anyone has decided on the comment since.
    """
    action = (
        ModerationAction.objects.select_for_update()
        .filter(
            pk=action_id,
            actor=moderator,
            comment__in=comments,
            kind__in=list(KIND_OF_STATUS.values()),
        )
        .select_related("comment")
        .first()
    )
    if action is None:
        raise UndoRefused(_("There is no such decision of yours to undo."))
    if timezone.now() - action.created_at > timedelta(seconds=UNDO_SECONDS):
        raise UndoRefused(
            _("Too late to undo: decisions can be undone for %(seconds)d seconds.")
            % {"seconds": UNDO_SECONDS}
        )
    comment = Comment.objects.select_for_update().get(pk=action.comment_id)
    later = ModerationAction.objects.filter(
        comment=comment, created_at__gte=action.created_at
    ).exclude(pk=action.pk)
    if comment.status != action.to_status or later.exists():
        raise UndoRefused(_("This comment has been decided on since: not undone."))
    Comment.objects.filter(pk=comment.pk).update(
        status=action.from_status,
        moderated_by=action.previous_moderated_by_id,
        moderated_at=action.previous_moderated_at,
    )
    return ModerationAction.objects.create(
        comment=comment,
        actor=moderator,
        kind=ModerationAction.Kind.UNDO,
        from_status=action.to_status,
        to_status=action.from_status,
        note=_("Undid: {action}").format(action=action.get_kind_display()),
    )


@transaction.atomic
def comment_reply_as_moderator(*, comment: Comment, body: str, moderator) -> Comment:
    """Publish a moderator's reply in the comment's thread, signed with their name."""
    reply = Comment(
        article_id=comment.article_id,
        parent_id=comment.parent_id or comment.pk,
        name=(moderator.get_full_name() or moderator.get_username())[:80],
        email=moderator.email,
        body=body,
        status=Comment.Status.APPROVED,
        moderated_by=moderator,
        moderated_at=timezone.now(),
    )
    reply.full_clean(exclude=["article", "parent"], validate_constraints=False)
    reply.save()
    return reply


def comment_approved_by_edit(*, comment: Comment, previous_status: str) -> None:
    """Email the commenter after a moderator approved the comment in its form."""
    if (
        comment.status == Comment.Status.APPROVED
        and previous_status != Comment.Status.APPROVED
        and comment.notify_on_approval
        and comment.email
    ):
        notify_commenters_of_approval([comment.pk])


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


def reporter_key(request: HttpRequest) -> str:
    """Return a keyed hash of the reader's IP network (IPv6: its /64): tells
    readers apart without storing their address."""
    from comments.limits import ip_key

    return salted_hmac("comments.report", ip_key(request)).hexdigest()


@transaction.atomic
def comment_report(
    *, comment: Comment, reason: str, request: HttpRequest, policy: CommentPolicy
) -> bool:
    """Record a reader's report, once per reader; return False if already made.

    Under post-moderation, a published comment reported by the set number of
    different readers goes back to the queue, hidden, until a moderator decides.
    """
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    try:
        with transaction.atomic():
            Report.objects.create(
                comment=comment, reason=reason, reporter=reporter_key(request)
            )
    except IntegrityError:
        return False
    readers = Report.objects.filter(comment=comment, resolved=False).count()
    threshold = policy.settings.comment_report_threshold
    if (
        policy.post_moderation
        and comment.status == Comment.Status.APPROVED
        and readers >= threshold
    ):
        reason_text = _("Hidden after reports from %(count)d readers") % {
            "count": readers
        }
        ModerationAction.objects.create(
            comment=comment,
            kind=ModerationAction.Kind.HIDE,
            from_status=comment.status,
            to_status=Comment.Status.PENDING,
            previous_moderated_by_id=comment.moderated_by_id,
            previous_moderated_at=comment.moderated_at,
            note=reason_text,
        )
        Comment.objects.filter(pk=comment.pk).update(
            status=Comment.Status.PENDING,
            status_reason=reason_text,
            moderated_by=None,
            moderated_at=None,
        )
        # In the transaction: the job commits with the comment, or not at all.
        notify_moderators()
    return True
