"""Emails about comments: the moderators' digest and the commenter's approval notice.

Messages are built in the request (they need the database) and handed to one
background thread per process that talks to the mail server, so a slow or broken
mail server never holds up or breaks a page, and failures are only logged.
"""

import logging
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from comments.models import Comment
from newsroom.models import SiteSettings

logger = logging.getLogger(__name__)

DIGEST_THROTTLE_KEY = "comments:moderation-digest:throttle"
DIGEST_LAST_SENT_KEY = "comments:moderation-digest:last-sent"
DIGEST_LISTED = 20
MODERATOR_GROUP = "Moderator"

# One worker: messages go out in order, and a hung mail server ties up one thread,
# not one per request. Python waits for queued messages when the process exits.
_mailer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsroom-mail")


def send_in_background(
    messages: list[EmailMessage], *, on_failure=None
) -> Future | None:
    """Queue messages for the mail thread; failures are logged, never raised."""
    if not messages:
        return None
    return _mailer.submit(_send, messages, on_failure)


def wait_for_mail(timeout: float = 30) -> None:
    """Block until every message queued so far has been handed to the backend."""
    _mailer.submit(lambda: None).result(timeout=timeout)


def _send(messages: list[EmailMessage], on_failure) -> None:
    try:
        get_connection(fail_silently=False).send_messages(messages)
    except Exception:
        logger.exception("Could not send %d comment email(s)", len(messages))
        if on_failure is not None:
            try:
                on_failure()
            except Exception:
                logger.exception("Could not undo after a failed comment email")


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def moderator_emails(site_settings: SiteSettings) -> list[str]:
    users = get_user_model().objects.filter(
        is_active=True, groups__name=MODERATOR_GROUP
    )
    emails = set(users.exclude(email="").values_list("email", flat=True))
    if site_settings.moderation_email:
        emails.add(site_settings.moderation_email)
    return sorted(emails)


def notify_moderators() -> bool:
    """Email moderators that comments wait, at most once per digest interval.

    Return whether a digest was queued: only when a comment needing a look has
    arrived since the last digest and the interval has passed.
    """
    try:
        return _notify_moderators()
    except Exception:
        # After the comment is stored, nothing here may turn into an error page.
        logger.exception("Could not prepare the moderation digest")
        return False


def _notify_moderators() -> bool:
    if cache.get(DIGEST_THROTTLE_KEY) is not None:
        return False
    last_sent = cache.get(DIGEST_LAST_SENT_KEY)
    waiting = Comment.objects.pending() | Comment.objects.unreviewed()
    if last_sent is not None:
        waiting = waiting.filter(created_at__gt=last_sent)
    if not waiting.exists():
        return False
    site_settings = SiteSettings.load()
    interval = max(1, site_settings.moderation_digest_minutes) * 60
    # add() is atomic in the shared cache: one app server wins each interval.
    if not cache.add(DIGEST_THROTTLE_KEY, timezone.now(), interval):
        return False
    recipients = moderator_emails(site_settings)
    if not recipients:
        logger.info("Comments wait, but no moderator has an email address")
        return False
    counts = Comment.objects.queue_counts()
    listed = list(
        Comment.objects.pending()
        .for_moderation()
        .order_by("created_at", "id")[:DIGEST_LISTED]
    )
    sent_at = timezone.now()
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
    message = EmailMessage(
        subject=subject,
        body=render_to_string("comments/email/moderation_digest.txt", context),
        to=recipients,
    )
    cache.set(DIGEST_LAST_SENT_KEY, sent_at, None)

    def retry_next_time():
        # Let the next comment try again instead of waiting out the interval.
        cache.delete(DIGEST_THROTTLE_KEY)
        cache.delete(DIGEST_LAST_SENT_KEY)

    send_in_background([message], on_failure=retry_next_time)
    return True


def notify_commenters_of_approval(comment_ids: Iterable[int]) -> int:
    """Tell commenters who asked for it that their comment is published."""
    try:
        comments = list(
            Comment.objects.approved()
            .filter(pk__in=list(comment_ids), notify_on_approval=True)
            .exclude(email="")
            .select_related("article")
        )
        site_name = SiteSettings.load().site_name
        messages = [
            EmailMessage(
                subject=_("Your comment on “{headline}” is published").format(
                    headline=comment.article.headline
                ),
                body=render_to_string(
                    "comments/email/comment_approved.txt",
                    {
                        "comment": comment,
                        "site_name": site_name,
                        "comment_url": absolute_url(comment.get_absolute_url()),
                    },
                ),
                to=[comment.email],
            )
            for comment in comments
        ]
    except Exception:
        logger.exception("Could not prepare comment approval emails")
        return 0
    send_in_background(messages)
    return len(messages)
