"""Fill an empty database with demo content for a Costa Blanca news site."""

import argparse

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from articles.models import Article
from demo.loader import DemoLoader, Summary


def count(value: str) -> int:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return number


class Command(BaseCommand):
    help = (
        "Fill an empty database with a believable regional news site: sections, "
        "authors, articles with lead images, tags and comments. Does nothing if "
        "articles exist, unless --force is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--articles", type=count, default=200, help="Articles to add (200)."
        )
        parser.add_argument(
            "--comments", type=count, default=1500, help="Comments to add (1500)."
        )
        parser.add_argument(
            "--authors",
            type=count,
            default=12,
            help="Make sure at least this many authors exist (12).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add demo content even though the database already has articles.",
        )
        parser.add_argument(
            "--seed", type=int, default=2024, help="Random seed, for repeatable data."
        )
        parser.add_argument(
            "--batch-size",
            type=count,
            default=2000,
            help="Articles per INSERT and transaction (2000).",
        )

    def handle(self, *args, **options) -> None:
        if not options["force"] and Article.objects.exists():
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "The database already has articles, so no demo content was "
                        "added. Use --force to add more on top."
                    )
                )
            )
            return
        loader = DemoLoader(
            seed=options["seed"],
            out=self.stdout if options["verbosity"] > 0 else None,
            batch_size=max(options["batch_size"], 1),
        )
        summary = loader.load(
            articles=options["articles"],
            comments=options["comments"],
            authors=options["authors"],
        )
        if options["verbosity"] > 0:
            self.print_summary(summary)

    def print_summary(self, summary: Summary) -> None:
        articles, comments = summary.articles, summary.comments
        lines = [
            (
                _("sections"),
                _("{count:,} new").format(count=summary.sections),
            ),
            (
                _("authors"),
                _("{count:,} new, {photos:,} with a photo").format(
                    count=summary.authors, photos=summary.authors_with_photo
                ),
            ),
            (_("tags"), _("{count:,} new").format(count=summary.tags)),
            (
                _("library photos"),
                _("{count:,} in the media library, shared by the stories").format(
                    count=summary.images
                ),
            ),
            (
                _("articles"),
                _(
                    "{total:,}: {published:,} published, {scheduled:,} scheduled, "
                    "{drafts:,} drafts, {review:,} in review"
                ).format(
                    total=articles.total(),
                    published=articles[Article.Status.PUBLISHED],
                    scheduled=articles["scheduled"],
                    drafts=articles[Article.Status.DRAFT],
                    review=articles[Article.Status.IN_REVIEW],
                ),
            ),
            (
                _("live coverage"),
                _("{blogs:,} (one running, one ended), {entries:,} updates").format(
                    blogs=summary.live_blogs, entries=summary.live_entries
                ),
            ),
            (_("bylines"), f"{summary.bylines:,}"),
            (_("article tags"), f"{summary.tagged_items:,}"),
            (
                _("comments"),
                _(
                    "{total:,}: {approved:,} approved, {pending:,} pending, "
                    "{rejected:,} rejected, {spam:,} spam ({replies:,} replies)"
                ).format(
                    total=comments.total(),
                    approved=comments["approved"],
                    pending=comments["pending"],
                    rejected=comments["rejected"],
                    spam=comments["spam"],
                    replies=summary.replies,
                ),
            ),
        ]
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo content loaded in {seconds:.1f}s.").format(
                    seconds=summary.seconds
                )
            )
        )
        width = max(len(label) for label, _value in lines)
        for label, value in lines:
            self.stdout.write(f"  {label:<{width}}  {value}")
