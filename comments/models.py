import ipaddress

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Count, Q
from django.db.models.functions import Lower, Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pagecache.invalidation import InvalidatingQuerySetMixin


class CommentQuerySet(InvalidatingQuerySetMixin, models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def unreviewed(self):
        """Return comments published without a moderator's look (post-moderation)."""
        return self.approved().filter(moderated_at__isnull=True)

    def visible(self):
        """Return approved comments whose parent (if any) is approved too."""
        return self.approved().filter(
            Q(parent__isnull=True) | Q(parent__status=Comment.Status.APPROVED)
        )

    def by_commenter(self, email: str):
        """Return every comment posted under the email, in any letter case."""
        return self.filter(email__iexact=email)

    def same_commenter(self, comment: "Comment"):
        """Return every comment by the same email (any case) or IP address."""
        match = Q(pk=comment.pk)
        if comment.email:
            match |= Q(email__iexact=comment.email)
        if comment.ip_address:
            match |= Q(ip_address=comment.ip_address)
        return self.filter(match)

    def reported(self):
        """Return comments with reports no moderator has answered yet."""
        # From the few open reports (a partial index), not a scan of comments.
        return self.filter(
            pk__in=Report.objects.filter(resolved=False).values("comment_id")
        )

    def for_moderation(self):
        return self.select_related("article", "parent", "moderated_by")

    def queue_counts(self) -> dict[str, int]:
        """Count the work queues (pending; published, not reviewed) in one query.

        Each is an index-only count of a small index range, fast however many
        comments have been approved or marked as spam over the years.
        """
        return count_each(pending=self.pending(), unreviewed=self.unreviewed())

    def status_counts(self) -> dict[str, int]:
        """Count comments per status in one query (a scan of the whole table)."""
        counts = dict(self.order_by().values_list("status").annotate(Count("pk")))
        return {status: counts.get(status, 0) for status in Comment.Status.values}


def count_each(**querysets) -> dict[str, int]:
    """Count several querysets in one database round trip."""
    selects, params = [], []
    for name, queryset in querysets.items():
        sql, query_params = queryset.order_by().values("pk").query.sql_with_params()
        selects.append(
            f"(SELECT COUNT(*) FROM ({sql}) AS counted) AS "
            f"{connection.ops.quote_name(name)}"
        )
        params.extend(query_params)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(selects)}", params)
        return dict(zip(querysets, cursor.fetchone(), strict=True))


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    name = models.CharField(_("name"), max_length=80)
    # Blank only once a moderator has anonymised the commenter; the form requires it.
    email = models.EmailField(_("email"), max_length=254, blank=True)
    body = models.TextField(_("comment"), max_length=5000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    notify_on_approval = models.BooleanField(
        _("email the commenter when published"),
        default=False,
        db_default=False,
        help_text=_("The commenter asked for an email once the comment is approved."),
    )
    # The comment form's one-time key: a second POST of the same form finds the
    # comment the first one stored instead of storing it twice.
    submission_key = models.UUIDField(
        _("submission key"), null=True, blank=True, editable=False
    )
    # Why the comment is in its state when no moderator put it there (a ban,
    # readers' reports): shown to moderators, never to the commenter.
    status_reason = models.CharField(
        _("why"), max_length=300, blank=True, default="", db_default=""
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ("created_at", "id")
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            # The article page: approved comments of one article, oldest first.
            models.Index(
                fields=["article", "status", "created_at"],
                name="comment_article_status_idx",
            ),
            # The moderation queue and its other status filters, oldest first.
            models.Index(
                fields=["status", "created_at", "id"], name="comment_status_idx"
            ),
            # All comments newest first, and the date filter.
            models.Index(fields=["created_at", "id"], name="comment_created_idx"),
            # Published under post-moderation, waiting for a moderator's look.
            models.Index(
                fields=["created_at", "id"],
                condition=Q(status="approved", moderated_at__isnull=True),
                name="comment_unreviewed_idx",
            ),
            # Filter by commenter, trusted commenters, anonymisation (iexact).
            models.Index(Upper("email"), "status", name="comment_email_idx"),
            # Filter by IP, and the IP purge; IPs are cleared after N days.
            models.Index(
                fields=["ip_address"],
                condition=Q(ip_address__isnull=False),
                name="comment_ip_idx",
            ),
            models.Index(
                fields=["created_at"],
                condition=Q(ip_address__isnull=False) | ~Q(user_agent=""),
                name="comment_ip_created_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="comment_not_own_parent"
            ),
            models.UniqueConstraint(
                fields=["submission_key"], name="comment_submission_key_unique"
            ),
        ]

    def __str__(self):
        return _("Comment by {name}").format(name=self.name)

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"

    @classmethod
    def from_db(cls, db, field_names, values):
        comment = super().from_db(db, field_names, values)
        # The article whose page showed it, should it be moved (comments/signals.py).
        comment._loaded_article_id = comment.__dict__.get("article_id")
        return comment

    def clean(self):
        # Threads are one level deep, within one article.
        if self.parent_id is None or self.article_id is None:
            return
        if self.parent.article_id != self.article_id:
            raise ValidationError(
                {"parent": _("Reply to a comment on the same article.")}
            )
        if self.parent.parent_id is not None:
            raise ValidationError(
                {"parent": _("Reply to the comment that started the thread.")}
            )


class BannedPhrase(models.Model):
    """A word or phrase that sends a comment to spam or holds it for a moderator."""

    class Action(models.TextChoices):
        SPAM = "spam", _("Mark as spam")
        HOLD = "hold", _("Hold for moderation")

    phrase = models.CharField(
        _("word or phrase"),
        max_length=200,
        help_text=_(
            "Matched as whole words, ignoring letter case and extra spaces, in the "
            "commenter's name, email and comment."
        ),
    )
    action = models.CharField(
        _("action"),
        max_length=10,
        choices=Action,
        default=Action.HOLD,
        help_text=_(
            "Spam: the comment never appears and waits in the spam list. Hold: it "
            "waits for a moderator even under post-moderation or from a trusted "
            "commenter."
        ),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = (Lower("phrase"),)
        verbose_name = _("banned word or phrase")
        verbose_name_plural = _("banned words and phrases")
        constraints = [
            models.UniqueConstraint(
                Lower("phrase"),
                name="banned_phrase_unique",
                violation_error_message=_("This word or phrase is already listed."),
            ),
        ]

    def __str__(self):
        return self.phrase


def normalise_network(value: str) -> str:
    """Return an IP address or network as a network: a single IPv6 address
    stands for its /64 (one household's connection), an IPv4 one for itself.

    Raise ValueError for anything else.
    """
    value = value.strip()
    if "/" not in value:
        address = ipaddress.ip_address(value)
        prefix = 64 if address.version == 6 else 32
        value = f"{address}/{prefix}"
    return str(ipaddress.ip_network(value, strict=False))


class BanQuerySet(models.QuerySet):
    def active(self):
        return self.filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
        )

    def matching(self, *, email: str, ip_address: str | None):
        """Return the active bans that cover the email or the IP address."""
        bans = self.active()
        matched = []
        if email:
            matched += list(bans.filter(email__iexact=email.strip()))
        if ip_address:
            try:
                address = ipaddress.ip_address(ip_address)
            except ValueError:
                address = None
            if address is not None:
                # Bans are few: checked here rather than with PostgreSQL's inet.
                for ban in bans.exclude(network=""):
                    network = ipaddress.ip_network(ban.network)
                    if network.version == address.version and address in network:
                        matched.append(ban)
        return matched


class Ban(models.Model):
    """A commenter whose new comments are stored as rejected, unseen by readers."""

    email = models.EmailField(
        _("email"),
        blank=True,
        help_text=_("Any letter case. Leave empty to ban an IP network instead."),
    )
    network = models.CharField(
        _("IP address or network"),
        max_length=49,
        blank=True,
        help_text=_(
            "An IPv4 or IPv6 address or network, such as 203.0.113.7, "
            "203.0.113.0/24 or 2001:db8:1:2::/64. A single IPv6 address bans its "
            "/64 network (one household's connection)."
        ),
    )
    reason = models.CharField(
        _("reason"),
        max_length=300,
        help_text=_("Shown to moderators beside each comment the ban rejects."),
    )
    expires_at = models.DateTimeField(
        _("expires"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a permanent ban."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("banned by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("banned at"), auto_now_add=True)

    objects = BanQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("ban")
        verbose_name_plural = _("bans")
        constraints = [
            models.CheckConstraint(
                condition=(Q(email="") & ~Q(network=""))
                | (~Q(email="") & Q(network="")),
                name="ban_email_or_network",
                violation_error_message=_(
                    "Ban either an email address or an IP network, not both."
                ),
            ),
        ]

    def __str__(self):
        return self.email or self.network

    def clean(self):
        self.email = self.email.strip()
        value = self.network.strip()
        if value:
            try:
                self.network = normalise_network(value)
            except ValueError:
                raise ValidationError(
                    {
                        "network": _(
                            "“%(value)s” is not an IP address or network. Enter "
                            "one such as 203.0.113.7, 203.0.113.0/24 or "
                            "2001:db8:1:2::/64."
                        )
                        % {"value": value}
                    }
                ) from None
        if bool(self.email) == bool(self.network):
            raise ValidationError(
                _("Ban either an email address or an IP network (one of the two).")
            )

    @property
    def is_active(self) -> bool:
        return self.expires_at is None or self.expires_at > timezone.now()


class ModerationAction(models.Model):
    """One moderation decision on one comment: the audit trail, and what undo undoes."""

    class Kind(models.TextChoices):
        APPROVE = "approve", _("Approved")
        REJECT = "reject", _("Rejected")
        SPAM = "spam", _("Marked as spam")
        UNDO = "undo", _("Undone")
        EDIT = "edit", _("Edited")
        HIDE = "hide", _("Hidden after reports")
        BAN = "ban", _("Rejected by a ban")

    comment = models.ForeignKey(
        Comment,
        verbose_name=_("comment"),
        on_delete=models.CASCADE,
        related_name="actions",
    )
    # Empty for the site's own actions (a ban, readers' reports).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("action"), max_length=10, choices=Kind)
    from_status = models.CharField(
        _("from"), max_length=10, choices=Comment.Status, blank=True
    )
    to_status = models.CharField(
        _("to"), max_length=10, choices=Comment.Status, blank=True
    )
    # What the comment's decision fields held before, so undo can restore them.
    previous_moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    previous_moderated_at = models.DateTimeField(null=True, blank=True, editable=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation actions")
        indexes = [
            models.Index(
                fields=["created_at", "id"], name="moderation_action_when_idx"
            ),
            models.Index(
                fields=["comment", "created_at"], name="moderation_action_idx"
            ),
        ]

    def __str__(self):
        return _("{action} by {actor}").format(
            action=self.get_kind_display(), actor=self.actor or _("the site")
        )


class Report(models.Model):
    """A reader's report of a comment, one per reader (IP network) and comment."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam")
        ABUSE = "abuse", _("Abusive or hateful")
        OFF_TOPIC = "off-topic", _("Off-topic")
        OTHER = "other", _("Something else")

    comment = models.ForeignKey(
        Comment,
        verbose_name=_("comment"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    reason = models.CharField(_("reason"), max_length=10, choices=Reason)
    # A keyed hash of the reader's IP network: tells readers apart, stores no IP.
    reporter = models.CharField(_("reader"), max_length=64, editable=False)
    resolved = models.BooleanField(_("answered"), default=False)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"], name="report_once_per_reader"
            ),
        ]
        indexes = [
            models.Index(
                fields=["comment"],
                condition=Q(resolved=False),
                name="report_open_idx",
            ),
        ]

    def __str__(self):
        return self.get_reason_display()


class SentMail(models.Model):
    """A mail job's key once its mail went out: a job run twice (a worker died
    before recording success) sends nothing the second time."""

    key = models.CharField(_("key"), max_length=100, unique=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sent mail")
        verbose_name_plural = _("sent mails")

    def __str__(self):
        return self.key


class CommentStatusCount(models.Model):
    """How many comments each status has, kept exact by PostgreSQL triggers on
    the comments table (migration 0007): the queue reads its counts here
    instead of counting a table of millions on every page and decision."""

    status = models.CharField(
        _("status"), max_length=10, choices=Comment.Status, primary_key=True
    )
    count = models.BigIntegerField(_("comments"), default=0)

    class Meta:
        verbose_name = _("comment count")
        verbose_name_plural = _("comment counts")

    def __str__(self):
        return f"{self.status}: {self.count}"

    @classmethod
    def totals(cls) -> dict[str, int]:
        counts = dict(cls.objects.values_list("status", "count"))
        return {status: counts.get(status, 0) for status in Comment.Status.values}


class ArticleCommentCount(models.Model):
    """How many approved comments an article has, kept exact by PostgreSQL
    triggers on the comments table (migration 0008), so the home page's
    most-commented list reads one row per candidate instead of counting
    thousands of comments on each render."""

    article_id = models.BigIntegerField(primary_key=True)
    approved = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("article's comment count")
        verbose_name_plural = _("articles' comment counts")

    def __str__(self):
        return f"article {self.article_id}: {self.approved}"
