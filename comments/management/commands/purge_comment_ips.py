"""Clear commenters' IP addresses and user agents once they are N days old."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from comments.services import comment_ips_purge


class Command(BaseCommand):
    help = (
        "Clear the IP addresses and user agents of comments older than "
        "NEWSROOM_COMMENT_IP_RETENTION_DAYS days. Schedule it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep this many days instead of the setting.",
        )

    def handle(self, *args, days: int | None = None, **options):
        if days is None:
            days = settings.NEWSROOM_COMMENT_IP_RETENTION_DAYS
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        count = comment_ips_purge(older_than_days=days)
        self.stdout.write(
            f"Cleared the IP address of {count} comment(s) older than {days} day(s)."
        )
