import factory
from django.core.files.base import ContentFile

from images.models import Image
from tests import imagefiles


class ImageFactory(factory.django.DjangoModelFactory):
    """A library photo: a real JPEG of ``width`` × ``height``, credited, described."""

    class Meta:
        model = Image
        skip_postgeneration_save = True

    width = 120
    height = 80
    file = factory.LazyAttribute(
        lambda image: ContentFile(
            imagefiles.photo(size=(image.width, image.height)), name="photo.jpg"
        )
    )
    title = factory.Sequence(lambda n: f"Photo {n}")
    credit = "Newsroom staff"
    alt = "A street in the old town"

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)
