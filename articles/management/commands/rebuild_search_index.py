"""Re-create the search trigger with the configured language, and recompute
every article's search vector."""

import re

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, connection, transaction

from articles.models import Article

TRIGGER = """
CREATE OR REPLACE TRIGGER articles_article_search_vector
BEFORE INSERT OR UPDATE OF headline, seo_headline, standfirst, body
ON articles_article FOR EACH ROW
EXECUTE FUNCTION articles_article_search_vector_update('{config}')
"""
CONFIG_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")

UPDATE = """
UPDATE articles_article SET search_vector = articles_search_document(
  %s::regconfig, headline, seo_headline, standfirst, body
)
WHERE id > %s AND id <= %s
"""


class Command(BaseCommand):
    help = (
        "Recompute every article's full-text search vector with the language in "
        "NEWSROOM_SEARCH_CONFIG. Run it after changing that setting, or after "
        "loading articles with the search trigger disabled."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size",
            type=int,
            default=5000,
            help="Articles per transaction (5000).",
        )

    def handle(self, *args, batch_size: int, **options) -> None:
        config = settings.NEWSROOM_SEARCH_CONFIG
        batch_size = max(1, batch_size)
        problem = CommandError(
            f"PostgreSQL has no text-search configuration {config!r}: set "
            "NEWSROOM_SEARCH_CONFIG to one that `\\dF` lists in psql."
        )
        if not CONFIG_NAME.fullmatch(config):
            raise problem
        with connection.cursor() as cursor:
            try:
                with transaction.atomic():
                    cursor.execute("SELECT %s::regconfig", [config])
            except DatabaseError as error:
                raise problem from error
            cursor.execute(TRIGGER.format(config=config))
        last = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        done = 0
        for start in range(0, last, batch_size):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(UPDATE, [config, start, start + batch_size])
                done += cursor.rowcount
            if options["verbosity"] > 0:
                self.stdout.write(f"\r{done:,} articles", ending="")
        if options["verbosity"] > 0:
            self.stdout.write("")
            self.stdout.write(
                self.style.SUCCESS(
                    f"Search vectors recomputed for {done:,} articles ({config})."
                )
            )
