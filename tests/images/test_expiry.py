"""Usage rights that expire: pages stop showing the photo, editors are told."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.services import article_publish
from tests.articles.admin_forms import change_url, errors_of, press
from tests.articles.factories import ArticleFactory
from tests.images.factories import ImageFactory

pytestmark = pytest.mark.django_db


def yesterday():
    return timezone.localdate() - timedelta(days=1)


def test_an_expired_lead_image_leaves_pages_cards_and_social_cards(client):
    image = ImageFactory(credit="Agency photo", rights_expire_on=yesterday())
    article = ArticleFactory(
        published=True, lead_image=image, headline="Storm closes the AP-7"
    )

    page = client.get(article.get_absolute_url()).content.decode()
    home = client.get(reverse("home")).content.decode()

    assert "Storm closes the AP-7" in page and "Storm closes the AP-7" in home
    assert "<picture>" not in page and "<picture>" not in home
    assert "Agency photo" not in page
    assert "/media/renditions/" not in page


def test_rights_expiring_today_still_show_today(client):
    image = ImageFactory(rights_expire_on=timezone.localdate())
    article = ArticleFactory(published=True, lead_image=image)
    assert "<picture>" in client.get(article.get_absolute_url()).content.decode()


def test_publishing_with_an_expired_photo_is_refused_naming_it(client, editor):
    client.force_login(editor)
    expired = ImageFactory(title="Harbour by agency", rights_expire_on=yesterday())
    in_body = ImageFactory(title="Old beach photo", rights_expire_on=yesterday())
    article = ArticleFactory(
        lead_image=expired,
        body=f'<p>Text.</p><figure data-image-id="{in_body.pk}"></figure>',
    )

    response = press(client, change_url(article), "publish")

    assert response.status_code == 200
    errors = errors_of(response)
    assert "“Harbour by agency” expired" in " ".join(errors["lead_image"])
    assert "“Old beach photo” expired" in " ".join(errors["body"])
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT

    with pytest.raises(ValidationError):
        article_publish(article=article, user=editor)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_saving_a_draft_with_an_expired_photo_is_allowed(client, editor):
    client.force_login(editor)
    article = ArticleFactory(lead_image=ImageFactory(rights_expire_on=yesterday()))
    response = press(client, change_url(article), "save", headline="New headline")
    assert response.status_code == 302


def test_admin_front_page_lists_photos_needing_attention(client, editor):
    client.force_login(editor)
    ImageFactory(title="Expired harbour", rights_expire_on=yesterday())
    ImageFactory(
        title="Soon beach", rights_expire_on=timezone.localdate() + timedelta(days=3)
    )
    ImageFactory(title="No credit yet", credit="")
    ImageFactory(title="Fine photo")

    page = client.get(reverse("admin:index")).content.decode()

    assert "Photos needing attention" in page
    assert "Expired harbour" in page
    assert "1 photo&#x27;s rights expire soon" in page or "1 photo's rights" in page
    assert "No credit yet" in page
    assert "Fine photo" not in page


def test_cached_pages_expire_when_a_photos_rights_do(time_machine):
    from datetime import datetime, time

    from pagecache.schedule import next_change as next_scheduled_change

    time_machine.move_to(timezone.make_aware(datetime(2026, 3, 10, 15, 0)), tick=False)
    ImageFactory(rights_expire_on=timezone.localdate() + timedelta(days=2))
    ImageFactory(rights_expire_on=timezone.localdate())
    ImageFactory(rights_expire_on=yesterday())

    midnight = timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=1), time.min)
    )
    assert next_scheduled_change() == midnight.timestamp()


def test_a_library_photo_is_watched_by_the_page_cache():
    from images.models import Image
    from pagecache import invalidation

    assert invalidation.is_watched(Image)
