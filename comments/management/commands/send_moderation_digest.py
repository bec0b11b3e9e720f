"""Email moderators about waiting comments, if the digest interval allows."""

from django.core.management.base import BaseCommand

from comments.models import SentMail
from comments.notifications import notify_moderators, wait_for_mail


class Command(BaseCommand):
    help = (
        "Email moderators when comments arrived since the last moderation email "
        "and the interval in the site settings has passed. New comments send it "
        "already; scheduling this every few minutes also covers comments that "
        "arrived during the quiet interval. Runs the due mail jobs here, without "
        "a worker."
    )

    def handle(self, *args, **options):
        before = SentMail.objects.count()
        notify_moderators()
        wait_for_mail()
        sent = SentMail.objects.count() > before
        self.stdout.write(
            "Moderation email sent." if sent else "No moderation email due."
        )
