"""Emails about comments: the moderators' digest and the commenter's approval notice.

Every mail is a job in the database (Django's tasks framework, django-tasks-db),
enqueued in the same transaction as the comment or decision it is about: if that
transaction commits the job is there for a worker (`manage.py db_worker`), even if
the process dies the next instant; if it rolls back, so does the job. The worker
builds the message from committed data, sends it, and records its key, so a job
run twice after a crash mails once; a failed send is tried again later with a
growing delay. A slow or broken mail server never holds up or breaks a page.
"""

import logging
import uuid
from collections.abc import Callable, Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from comments.models import Comment, SentMail
from core.meta import absolute_url

try:  # Django 6 has the tasks framework built in; 5.2 has the backport.
    from django.tasks import task
except ImportError:
    from django_tasks import task
from newsroom.models import SiteSettings

logger = logging.getLogger(__name__)

DIGEST_THROTTLE_KEY = "comments:moderation-digest:throttle"
DIGEST_LAST_SENT_KEY = "comments:moderation-digest:last-sent"
DIGEST_LISTED = 20
MODERATOR_GROUP = "Moderator"
# The first retry after a minute, then 4, 16, 64 minutes…, at most six hours.
RETRY_FIRST_SECONDS = 60
RETRY_MAX_SECONDS = 6 * 60 * 60


def retry_delay(attempt: int) -> timedelta:
    """Return how long to wait before the attempt after this failed one."""
    return timedelta(
        seconds=min(RETRY_FIRST_SECONDS * 4 ** (attempt - 1), RETRY_MAX_SECONDS)
    )


def enqueue_mail(kind: str, **arguments) -> None:
    """Add a mail job in the current transaction (it commits, or not, with it)."""
    if kind not in BUILDERS:
        raise ValueError(f"Unknown kind of mail: {kind}")
    send_mail_job.enqueue(kind, uuid.uuid4().hex, arguments, 1)


@task()
def send_mail_job(kind: str, key: str, arguments: dict, attempt: int) -> str:
    """Build and send one mail job's messages; on failure, enqueue a retry."""
    if SentMail.objects.filter(key=key).exists():
        return "already sent"
    build, on_failure = BUILDERS[kind]
    messages = build(**arguments)
    if not messages:
        return "nothing to send"
    try:
        get_connection(fail_silently=False).send_messages(messages)
    except Exception:
        logger.exception(
            "Could not send %d comment email(s) (%s, attempt %d)",
            len(messages),
            kind,
            attempt,
        )
        if on_failure is not None:
            on_failure()
        if attempt < settings.NEWSROOM_MAIL_ATTEMPTS:
            send_mail_job.using(
                run_after=timezone.now() + retry_delay(attempt)
            ).enqueue(kind, key, arguments, attempt + 1)
        raise
    try:
        SentMail.objects.create(key=key)
    except IntegrityError:
        logger.warning("Mail job %s was run twice at the same time", key)
    return "sent"


def wait_for_mail() -> int:
    """Run the mail jobs that are due, here and now; return how many ran.

    For tests and one-off commands; sites run `manage.py db_worker`.
    """
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    # The worker's own loop, without its closing of database connections.
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="wait-for-mail",
        excluded_queue_names=[],
    )
    while True:
        with transaction.atomic():
            job = DBTaskResult.objects.ready().get_locked()
            if job is None:
                return worker._run_tasks
            job.claim(worker.worker_id)
        worker.run_task(job)


def moderator_emails(site_settings: SiteSettings) -> list[str]:
    users = get_user_model().objects.filter(
        is_active=True, groups__name=MODERATOR_GROUP
    )
    emails = set(users.exclude(email="").values_list("email", flat=True))
    if site_settings.moderation_email:
        emails.add(site_settings.moderation_email)
    return sorted(emails)


def notify_moderators() -> None:
    """Enqueue the moderators' digest (sent at most once per digest interval)."""
    enqueue_mail("digest")


def build_digest() -> list[EmailMessage]:
    """Return the digest, if a comment needing a look arrived since the last
    one and the interval has passed, else nothing."""
    if cache.get(DIGEST_THROTTLE_KEY) is not None:
        return []
    last_sent = cache.get(DIGEST_LAST_SENT_KEY)
    waiting = Comment.objects.pending() | Comment.objects.unreviewed()
    if last_sent is not None:
        waiting = waiting.filter(created_at__gt=last_sent)
    if not waiting.exists():
        return []
    site_settings = SiteSettings.load()
    interval = max(1, site_settings.moderation_digest_minutes) * 60
    # add() is atomic in the shared cache: one worker wins each interval.
    if not cache.add(DIGEST_THROTTLE_KEY, timezone.now(), interval):
        return []
    recipients = moderator_emails(site_settings)
    if not recipients:
        logger.info("Comments wait, but no moderator has an email address")
        return []
    counts = Comment.objects.queue_counts()
    listed = list(
        Comment.objects.pending()
        .for_moderation()
        .order_by("created_at", "id")[:DIGEST_LISTED]
    )
    context = {
        "site_name": site_settings.site_name,
        "pending": counts["pending"],
        "unreviewed": counts["unreviewed"],
        "comments": listed,
        "queue_url": absolute_url(
            reverse("admin:comments_comment_changelist") + "?status__exact=pending"
        ),
        "unreviewed_url": absolute_url(
            reverse("admin:comments_comment_changelist") + "?status__exact=unreviewed"
        ),
    }
    subject = ngettext(
        "[%(site)s] %(count)d comment waits for moderation",
        "[%(site)s] %(count)d comments wait for moderation",
        context["pending"],
    ) % {"site": site_settings.site_name, "count": context["pending"]}
    cache.set(DIGEST_LAST_SENT_KEY, timezone.now(), None)
    return [
        EmailMessage(
            subject=subject,
            body=render_to_string("comments/email/moderation_digest.txt", context),
            to=recipients,
        )
    ]


def digest_failed() -> None:
    # Let the next comment try again instead of waiting out the interval.
    cache.delete(DIGEST_THROTTLE_KEY)
    cache.delete(DIGEST_LAST_SENT_KEY)


def notify_commenters_of_approval(comment_ids: Iterable[int]) -> None:
    """Enqueue a notice to each commenter who asked to hear of the approval."""
    for comment_id in comment_ids:
        enqueue_mail("approved", comment_id=comment_id)


def build_approval_notice(comment_id: int) -> list[EmailMessage]:
    """Return the notice that the comment is published, if it still is."""
    comment = (
        Comment.objects.approved()
        .filter(pk=comment_id, notify_on_approval=True)
        .exclude(email="")
        .select_related("article")
        .first()
    )
    if comment is None:
        return []
    return [
        EmailMessage(
            subject=_("Your comment on “{headline}” is published").format(
                headline=comment.article.headline
            ),
            body=render_to_string(
                "comments/email/comment_approved.txt",
                {
                    "comment": comment,
                    "site_name": SiteSettings.load().site_name,
                    "comment_url": absolute_url(comment.get_absolute_url()),
                },
            ),
            to=[comment.email],
        )
    ]


BUILDERS: dict[str, tuple[Callable[..., list[EmailMessage]], Callable | None]] = {
    "digest": (build_digest, digest_failed),
    "approved": (build_approval_notice, None),
}
