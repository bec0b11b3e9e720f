"""Delete autosaves of the article form older than the retention period."""

from django.conf import settings
from django.core.management.base import BaseCommand

from articles.services import autosaves_purge


class Command(BaseCommand):
    help = (
        "Delete autosaves of the article form older than "
        "NEWSROOM_AUTOSAVE_RETENTION_DAYS (30). Saving an article also deletes "
        "them, so this is only needed on a site where nobody saves for a while."
    )

    def handle(self, *args, **options) -> None:
        deleted = autosaves_purge()
        self.stdout.write(
            f"Deleted {deleted} autosave(s) older than "
            f"{settings.NEWSROOM_AUTOSAVE_RETENTION_DAYS} days."
        )
