from datetime import timedelta

import factory
from django.utils import timezone

from articles.models import Article, Byline, LiveEntry, Section
from tests.authors.factories import AuthorFactory


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """A draft by default; pass ``authors=[...]`` and ``tags=[...]`` to set them."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    class Params:
        draft = factory.Trait(status=Article.Status.DRAFT, published_at=None)
        in_review = factory.Trait(status=Article.Status.IN_REVIEW, published_at=None)
        published = factory.Trait(
            status=Article.Status.PUBLISHED,
            published_at=factory.LazyFunction(
                lambda: timezone.now() - timedelta(hours=1)
            ),
        )
        scheduled = factory.Trait(
            status=Article.Status.PUBLISHED,
            published_at=factory.LazyFunction(
                lambda: timezone.now() + timedelta(days=1)
            ),
        )
        with_lead_image = factory.Trait(
            lead_image=factory.django.ImageField(
                filename="lead.jpg", format="JPEG", width=120, height=80
            ),
            lead_image_alt="A street in the old town",
        )

    headline = factory.Faker("sentence", nb_words=6)
    slug = factory.Sequence(lambda n: f"article-{n}")
    body = factory.LazyAttribute(lambda article: f"<p>{article.headline}</p>")
    section = factory.SubFactory(SectionFactory)

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        """Add bylines in the given order; one new author when none are given."""
        if not create:
            return
        authors = [AuthorFactory()] if extracted is None else extracted
        for position, author in enumerate(authors):
            Byline.objects.create(article=self, author=author, position=position)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class BylineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Byline

    article = factory.SubFactory(ArticleFactory, authors=[])
    author = factory.SubFactory(AuthorFactory)
    position = 0


class LiveEntryFactory(factory.django.DjangoModelFactory):
    """An update of live coverage; give ``article=`` a live article."""

    class Meta:
        model = LiveEntry

    article = factory.SubFactory(
        ArticleFactory,
        published=True,
        coverage_started_at=factory.LazyFunction(
            lambda: timezone.now() - timedelta(minutes=30)
        ),
    )
    body = factory.Sequence(lambda n: f"<p>Update number {n}.</p>")
