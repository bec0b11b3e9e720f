from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wordpress.importer import Importer
from wordpress.media import MediaError
from wordpress.wxr import WXRError


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR, from Tools → Export): authors, categories "
        "as sections, tags, posts, featured images and comments. Running it again "
        "updates what it imported before."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", type=Path, help="The WXR file (.xml).")
        parser.add_argument(
            "--media-from",
            metavar="DIR_OR_URL",
            help=(
                "A copy of the old site's wp-content/uploads directory, or the old "
                "site's uploads base URL (e.g. https://example.com/wp-content/"
                "uploads/). Without it, images are not copied."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check everything and print what would happen; write nothing.",
        )
        parser.add_argument(
            "--media-timeout",
            type=float,
            default=20,
            help="Seconds allowed for downloading one image (default 20).",
        )

    def handle(self, *args, export: Path, media_from, dry_run, media_timeout, **kw):
        if not export.is_file():
            raise CommandError(f"{export} is not a file.")
        try:
            importer = Importer(
                export,
                media_from=media_from,
                dry_run=dry_run,
                media_timeout=media_timeout,
                progress=kw.get("verbosity", 1) > 0,
            )
            report = importer.run()
        except WXRError as error:
            raise CommandError(
                f"{export} is not a WordPress export this import can read, so "
                f"nothing was imported: {error}"
            ) from error
        except MediaError as error:
            raise CommandError(f"--media-from: {error}") from error
        self.stdout.write(report.summary(dry_run=dry_run))
