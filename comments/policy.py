"""The site's comment policy: when comments are open, and what happens to a new one."""

import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article
from comments.models import BannedPhrase, Comment
from newsroom.models import SiteSettings

logger = logging.getLogger(__name__)

BANNED_PHRASES_CACHE_KEY = "comments:banned-phrases"
# A safety net: saving or deleting a phrase clears the cached list at once.
BANNED_PHRASES_CACHE_SECONDS = 600

# Counted as links: web addresses, bare "www." names, HTML and BBCode links.
LINK_PATTERN = re.compile(r"https?://|\bwww\.|<a[\s>]|\[url", re.IGNORECASE)


def normalise_text(text: str) -> str:
    """Fold letter case, compatibility characters and runs of spaces."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\s+", " ", text).strip()


def banned_phrases() -> list[tuple[str, str]]:
    """Return (normalised phrase, action) pairs, cached in the shared cache."""
    try:
        phrases = cache.get(BANNED_PHRASES_CACHE_KEY)
    except Exception:
        logger.warning("Banned phrases read from the database", exc_info=True)
        phrases = None
    if phrases is None:
        phrases = [
            (normalise_text(phrase), action)
            for phrase, action in BannedPhrase.objects.values_list("phrase", "action")
            if normalise_text(phrase)
        ]
        try:
            cache.set(BANNED_PHRASES_CACHE_KEY, phrases, BANNED_PHRASES_CACHE_SECONDS)
        except Exception:
            logger.warning("Banned phrases not cached", exc_info=True)
    return phrases


def forget_banned_phrases(**kwargs) -> None:
    try:
        cache.delete(BANNED_PHRASES_CACHE_KEY)
    except Exception:
        # The short cache timeout brings the change in a few minutes.
        logger.warning("Banned phrases cache not cleared", exc_info=True)


def banned_phrase_action(*texts: str) -> str | None:
    """Return the strictest action of the banned phrases found in the texts."""
    phrases = banned_phrases()
    if not phrases:
        return None
    text = " \n ".join(normalise_text(text) for text in texts)
    for action in (BannedPhrase.Action.SPAM, BannedPhrase.Action.HOLD):
        words = [re.escape(phrase) for phrase, kind in phrases if kind == action]
        if words and re.search(rf"(?<!\w)(?:{'|'.join(words)})(?!\w)", text):
            return action
    return None


def count_links(*texts: str) -> int:
    return sum(len(LINK_PATTERN.findall(text)) for text in texts)


@dataclass(frozen=True)
class Decision:
    status: str
    reason: str
    # Whether moderators should hear about it (pending, or published unreviewed).
    needs_review: bool


@dataclass
class CommentPolicy:
    """The comment settings of the site, loaded once per request."""

    settings: SiteSettings

    @classmethod
    def load(cls) -> "CommentPolicy":
        return cls(SiteSettings.load())

    @property
    def post_moderation(self) -> bool:
        return self.settings.comment_moderation == SiteSettings.CommentModeration.POST

    def closes_at(self, article: Article) -> datetime | None:
        days = self.settings.comments_close_after_days
        if not days or article.published_at is None:
            return None
        return article.published_at + timedelta(days=days)

    def reopens_at(self) -> datetime | None:
        """Return when comments reopen if the site's nightly hours close them now."""
        return self.settings.comments_closed_tonight(timezone.now())

    def closed_message(self) -> str:
        """Return what readers read while the nightly hours close comments."""
        reopens_at = self.reopens_at()
        if reopens_at is None:
            return ""
        if self.settings.comments_closed_message:
            return self.settings.comments_closed_message
        return _("Comments are closed until {time}. Please come back then.").format(
            time=timezone.localtime(reopens_at).strftime("%H:%M")
        )

    def open_but_for_the_hours(self, article: Article) -> bool:
        """Return whether the article takes comments, nightly hours aside."""
        if not article.accepts_comments:
            return False
        closes_at = self.closes_at(article)
        return closes_at is None or timezone.now() < closes_at

    def comments_open(self, article: Article) -> bool:
        """Return whether readers can comment on the article right now."""
        return self.open_but_for_the_hours(article) and self.reopens_at() is None

    def closed_for_the_night(self, article: Article) -> str:
        """Return the readers' message if only the nightly hours close comments."""
        if not self.open_but_for_the_hours(article):
            return ""
        return self.closed_message()

    def is_trusted(self, email: str) -> bool:
        """Return whether the email has enough approved comments and no bad ones."""
        threshold = self.settings.trusted_commenter_threshold
        if not threshold or not email:
            return False
        history = Comment.objects.by_commenter(email).aggregate(
            approved=Count("pk", filter=Q(status=Comment.Status.APPROVED)),
            refused=Count(
                "pk",
                filter=Q(status__in=[Comment.Status.REJECTED, Comment.Status.SPAM]),
            ),
        )
        return history["approved"] >= threshold and history["refused"] == 0

    def decide(self, comment: Comment) -> Decision:
        """Return the status a new comment starts in, and why."""
        texts = (comment.name, comment.email, comment.body)
        action = banned_phrase_action(*texts)
        if action == BannedPhrase.Action.SPAM:
            return Decision(Comment.Status.SPAM, "banned phrase (spam)", False)
        if action == BannedPhrase.Action.HOLD:
            return Decision(Comment.Status.PENDING, "banned phrase (hold)", True)
        if count_links(comment.name, comment.body) > self.settings.comment_max_links:
            return Decision(Comment.Status.PENDING, "too many links", True)
        if self.post_moderation:
            return Decision(Comment.Status.APPROVED, "post-moderation", True)
        if self.is_trusted(comment.email):
            return Decision(Comment.Status.APPROVED, "trusted commenter", False)
        return Decision(Comment.Status.PENDING, "pre-moderation", True)
