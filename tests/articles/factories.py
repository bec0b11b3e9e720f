from datetime import timedelta

import factory
from django.core.files import File
from django.utils import timezone

from articles.models import Article, Byline, LiveEntry, Section
from images.models import Image
from tests.authors.factories import AuthorFactory
from tests.images.factories import ImageFactory

LEAD_IMAGE_DETAILS = ("alt", "credit", "focal_x", "focal_y", "width", "height")


def library_image(file: File | str, **details) -> Image:
    """Return a library Image of an uploaded file, or of a name already stored."""
    details = {"title": "Photo"} | details
    if isinstance(file, str):
        image = Image(**details)
        image.__dict__["file"] = file  # stored already: keep it as it is
        image.save()
        return image
    return Image.objects.create(file=file, **details)


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
        with_lead_image = False

    headline = factory.Faker("sentence", nb_words=6)
    lead_image = factory.Maybe(
        "with_lead_image", factory.SubFactory(ImageFactory), None
    )

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        """Accept a lead image as a file or a stored name, and its details.

        ``lead_image_alt=…``, ``lead_image_credit=…`` and the focal point go
        to the library entry, as the article form sends them there.
        """
        details = {
            name: kwargs.pop(f"lead_image_{name}")
            for name in LEAD_IMAGE_DETAILS
            if f"lead_image_{name}" in kwargs
        }
        image = kwargs.get("lead_image")
        if not image:
            kwargs["lead_image"] = None
        elif isinstance(image, Image):
            if details:
                for name, value in details.items():
                    setattr(image, name, value)
                image.save()
        else:
            kwargs["lead_image"] = library_image(image, **details)
        return kwargs

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
