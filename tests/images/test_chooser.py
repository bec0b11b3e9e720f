"""The lead image chooser: recent and searched photos, choosing, uploading, autosave."""

import pytest
from django.urls import reverse

from articles.models import Article
from images.models import Image
from tests import imagefiles
from tests.articles.admin_forms import (
    add_url,
    change_url,
    errors_of,
    form_data,
    open_form,
    press,
)
from tests.articles.factories import ArticleFactory, SectionFactory
from tests.authors.factories import AuthorFactory
from tests.images.factories import ImageFactory

pytestmark = pytest.mark.django_db


def chooser(client, **query):
    response = client.get(reverse("admin:images_image_chooser"), query)
    assert response.status_code == 200
    return response.json()


def test_chooser_lists_recent_photos_first_and_searches(client, reporter):
    client.force_login(reporter)
    old = ImageFactory(title="Old harbour", credit="Agencia EFE")
    new = ImageFactory(title="New beach", tags=["summer"])

    recent = chooser(client)
    assert [entry["id"] for entry in recent["results"]] == [new.pk, old.pk]
    assert recent["results"][0]["thumbnail"].startswith("/media/renditions/")
    assert [e["id"] for e in chooser(client, q="efe")["results"]] == [old.pk]
    assert [e["id"] for e in chooser(client, q="summer")["results"]] == [new.pk]


def test_chooser_is_for_staff_only(client):
    response = client.get(reverse("admin:images_image_chooser"))
    assert response.status_code == 302  # to the login page
    assert "results" not in response.content.decode()


def test_choosing_a_library_photo_keeps_its_credit_and_overrides_the_caption(
    client, editor
):
    client.force_login(editor)
    photo = ImageFactory(caption="Library caption", credit="Laura Sánchez")
    article = ArticleFactory()

    response = press(
        client,
        change_url(article),
        "save",
        lead_image=str(photo.pk),
        lead_image_caption="This story's caption",
    )

    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert article.lead_image == photo
    assert article.lead_caption == "This story's caption"
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    fields = form_data(page.content.decode())
    assert fields["lead_image_credit"] == "Laura Sánchez"


def test_an_unknown_photo_id_is_refused(client, editor):
    client.force_login(editor)
    article = ArticleFactory()
    response = press(client, change_url(article), "save", lead_image="424242")
    assert response.status_code == 200
    assert "lead_image" in errors_of(response)


def test_uploading_in_place_adds_the_photo_to_the_library(client, editor):
    client.force_login(editor)
    section = SectionFactory()
    author = AuthorFactory()
    data = open_form(client, add_url()) | {
        "headline": "Harbour works",
        "slug": "harbour-works",
        "body": "<p>Text.</p>",
        "section": str(section.pk),
        "bylines-0-author": str(author.pk),
        "lead_image": imagefiles.upload("DSC_0001.jpg", imagefiles.photo()),
        "lead_image_credit": "Port of Dénia",
        "lead_image_alt": "Cranes on the quay",
        "workflow_action": "save",
    }
    response = client.post(add_url(), data)

    assert response.status_code == 302, errors_of(response)
    image = Article.objects.get().lead_image
    assert (image.credit, image.alt, image.uploaded_by) == (
        "Port of Dénia",
        "Cranes on the quay",
        editor,
    )
    assert image.title == "Harbour works"


def test_an_upload_without_a_credit_is_refused_and_nothing_is_stored(client, editor):
    client.force_login(editor)
    article = ArticleFactory()
    response = press(
        client,
        change_url(article),
        "save",
        lead_image=imagefiles.upload("a.jpg", imagefiles.photo()),
        lead_image_alt="Cranes",
        lead_image_credit="",
    )
    assert response.status_code == 200
    assert "lead_image_credit" in errors_of(response)
    assert Image.objects.exists() is False


def test_a_form_without_the_lead_image_field_keeps_the_photo(client, editor):
    client.force_login(editor)
    article = ArticleFactory(with_lead_image=True)
    photo = article.lead_image
    data = open_form(client, change_url(article))
    del data["lead_image"]
    response = client.post(change_url(article), data | {"workflow_action": "save"})
    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert article.lead_image == photo


def test_autosave_keeps_the_chosen_lead_image(client, reporter):
    client.force_login(reporter)
    photo = ImageFactory()
    fields = open_form(client, add_url())
    client.post(
        reverse("admin:articles_article_autosave_new"),
        fields | {"headline": "Draft", "lead_image": str(photo.pk)},
    )
    restored = client.get(f"{add_url()}?autosave={fields['autosave_key']}")
    html = restored.content.decode()
    assert f'value="{photo.pk}" class="image-chooser__id"' in html
