from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from comments.models import Comment


@transaction.atomic
def comment_submit(*, form, request: HttpRequest) -> Comment:
    """Store a reader's comment from a valid form as pending moderation."""
    comment = form.save(commit=False)
    comment.article = form.article
    comment.parent = form.cleaned_data.get("parent")
    comment.status = Comment.Status.PENDING
    comment.ip_address = request.META.get("REMOTE_ADDR") or None
    comment.user_agent = request.headers.get("user-agent", "")[:300]
    comment.full_clean()
    comment.save()
    return comment


def comments_moderate(*, comments, status: str, moderator) -> int:
    """Set the status of comments, recording who decided and when."""
    return comments.update(
        status=status, moderated_by=moderator, moderated_at=timezone.now()
    )
