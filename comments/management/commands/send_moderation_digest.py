"""Email moderators about waiting comments, if the digest interval allows."""

from django.core.management.base import BaseCommand

from comments.notifications import notify_moderators, wait_for_mail


class Command(BaseCommand):
    help = (
        "Email moderators when comments arrived since the last moderation email "
        "and the interval in the site settings has passed. New comments send it "
        "already; scheduling this every few minutes also covers comments that "
        "arrived during the quiet interval."
    )

    def handle(self, *args, **options):
        sent = notify_moderators()
        wait_for_mail()
        self.stdout.write(
            "Moderation email sent." if sent else "No moderation email due."
        )
