import factory
from django.utils import timezone

from comments.models import Comment
from tests.articles.factories import ArticleFactory


class CommentFactory(factory.django.DjangoModelFactory):
    """A pending comment on a published article by default."""

    class Meta:
        model = Comment

    class Params:
        pending = factory.Trait(status=Comment.Status.PENDING, moderated_at=None)
        approved = factory.Trait(
            status=Comment.Status.APPROVED,
            moderated_at=factory.LazyFunction(timezone.now),
        )
        rejected = factory.Trait(
            status=Comment.Status.REJECTED,
            moderated_at=factory.LazyFunction(timezone.now),
        )
        spam = factory.Trait(
            status=Comment.Status.SPAM,
            moderated_at=factory.LazyFunction(timezone.now),
        )

    parent = None
    article = factory.Maybe(
        "parent",
        yes_declaration=factory.SelfAttribute("parent.article"),
        no_declaration=factory.SubFactory(ArticleFactory, published=True),
    )
    name = factory.Faker("name")
    email = factory.Faker("email")
    body = factory.Faker("paragraph")
    status = Comment.Status.PENDING
