import factory
from django.contrib.auth import get_user_model

from authors.models import Author


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("password")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    class Params:
        with_photo = factory.Trait(
            photo=factory.django.ImageField(
                filename="portrait.jpg", format="JPEG", width=64, height=64
            )
        )

    name = factory.Faker("name")
    slug = factory.Sequence(lambda n: f"author-{n}")
