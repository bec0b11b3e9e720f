import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from articles.models import Article, Byline, Section
from authors.models import Author
from tests.articles.factories import ArticleFactory, BylineFactory, SectionFactory
from tests.authors.factories import AuthorFactory

pytestmark = pytest.mark.django_db


def test_section_with_articles_cannot_be_deleted():
    section = SectionFactory()
    article = ArticleFactory(published=True, section=section)

    with pytest.raises(ProtectedError):
        section.delete()

    assert Section.objects.filter(pk=section.pk).exists() is True
    assert Article.objects.filter(pk=article.pk).exists() is True


def test_section_with_sub_sections_cannot_be_deleted():
    spain = SectionFactory()
    costa_blanca = SectionFactory(parent=spain)

    with pytest.raises(ProtectedError):
        spain.delete()

    assert Section.objects.filter(pk__in=[spain.pk, costa_blanca.pk]).count() == 2


def test_empty_section_can_be_deleted():
    section = SectionFactory()

    section.delete()

    assert Section.objects.exists() is False


def test_author_with_articles_cannot_be_deleted():
    author = AuthorFactory()
    article = ArticleFactory(draft=True, authors=[author])

    with pytest.raises(ProtectedError):
        author.delete()

    assert Author.objects.filter(pk=author.pk).exists() is True
    assert Article.objects.filter(pk=article.pk).exists() is True
    assert Byline.objects.filter(article=article, author=author).exists() is True


def test_an_author_appears_once_in_an_articles_byline():
    byline = BylineFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        BylineFactory(article=byline.article, author=byline.author, position=1)

    assert byline.article.bylines.count() == 1


def test_deleting_an_article_removes_its_bylines_but_keeps_its_authors():
    author = AuthorFactory()
    article = ArticleFactory(authors=[author])

    article.delete()

    assert Byline.objects.exists() is False
    assert Author.objects.filter(pk=author.pk).exists() is True


@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("Laura Sánchez", "LS"),
        ("Ana María López García", "AG"),
        ("Madonna", "M"),
        ("ángel pérez", "ÁP"),
        ("  Laura   Sánchez  ", "LS"),
        ("J. R. R. Tolkien", "JT"),
        ("Newsroom staff (2)", "NS"),
        ("123", "?"),
        ("", "?"),
    ],
)
def test_author_initials(name, initials):
    assert Author(name=name).initials == initials


def test_author_badge_colour_is_stable_and_one_of_twelve():
    colours = {Author(name=f"Author {n}").badge_colour for n in range(200)}

    assert Author(name="Laura Sánchez").badge_colour == (
        Author(name="Laura Sánchez").badge_colour
    )
    assert colours <= set(range(12))
    assert len(colours) > 1


def test_author_without_photo_shows_the_initials_badge_everywhere(client):
    author = AuthorFactory(name="Laura Sánchez")
    article = ArticleFactory(published=True, authors=[author])

    for url in [article.get_absolute_url(), author.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200
        assert "badge--initials" in response.text, url
        assert ">LS</span>" in response.text, url
        assert "<img" not in response.text, url
        assert 'src=""' not in response.text, url


def test_author_with_photo_shows_the_photo_everywhere(client):
    author = AuthorFactory(name="Laura Sánchez", with_photo=True)
    article = ArticleFactory(published=True, authors=[author])

    for url in [article.get_absolute_url(), author.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200
        # A rendition of the photo (images/renditions.py), never the upload.
        stem = author.photo.name.rsplit(".", 1)[0]
        assert f'src="/media/renditions/{stem}/' in response.text, url
        assert "badge--initials" not in response.text, url


def test_article_without_lead_image_renders_no_empty_image(client):
    article = ArticleFactory(published=True)

    for url in ["/", article.get_absolute_url()]:
        response = client.get(url)
        assert 'src=""' not in response.text, url


def test_section_str_names_its_parent():
    spain = SectionFactory(name="Spain")

    assert str(SectionFactory(name="Costa Blanca North", parent=spain)) == (
        "Spain › Costa Blanca North"
    )
    assert str(spain) == "Spain"
