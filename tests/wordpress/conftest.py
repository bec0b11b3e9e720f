import io

import pytest
from django.core.management import call_command

from articles.models import Article, Byline, PreviousSlug, Section
from authors.models import Author
from comments.models import Comment
from wordpress.models import Imported


def run(path, *args: str) -> str:
    """Run import_wordpress on path and return what it printed."""
    out = io.StringIO()
    call_command("import_wordpress", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def counts() -> dict[str, int]:
    from taggit.models import Tag, TaggedItem

    return {
        "articles": Article.objects.count(),
        "comments": Comment.objects.count(),
        "authors": Author.objects.count(),
        "sections": Section.objects.count(),
        "tags": Tag.objects.count(),
        "tagged": TaggedItem.objects.count(),
        "bylines": Byline.objects.count(),
        "previous_slugs": PreviousSlug.objects.count(),
        "imported": Imported.objects.count(),
    }


@pytest.fixture
def import_export():
    return run
