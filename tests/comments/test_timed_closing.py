"""Comments close site-wide for set hours (e.g. 00:00–06:00 in the site's time
zone), with a message to readers; tested at the boundaries (issue 16)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from comments.models import Comment
from newsroom.models import daily_window
from tests.articles.factories import ArticleFactory
from tests.comments.helpers import comment_form_data

pytestmark = pytest.mark.django_db

MADRID = ZoneInfo("Europe/Madrid")


@pytest.fixture
def nightly(site_settings, settings):
    settings.TIME_ZONE = "Europe/Madrid"
    return site_settings(
        comments_closed_from=dt.time(0, 0), comments_closed_until=dt.time(6, 0)
    )


@pytest.fixture
def article(time_machine):
    time_machine.move_to(dt.datetime(2026, 7, 1, 12, 0, tzinfo=MADRID), tick=False)
    return ArticleFactory(published=True)


def at(time_machine, hour, minute=0, second=0, day=2):
    time_machine.move_to(
        dt.datetime(2026, 7, day, hour, minute, second, tzinfo=MADRID), tick=False
    )


@pytest.mark.parametrize(
    ("hour", "minute", "second", "day", "closed"),
    [
        (23, 59, 59, 1, False),
        (0, 0, 0, 2, True),
        (3, 30, 0, 2, True),
        (5, 59, 59, 2, True),
        (6, 0, 0, 2, False),
    ],
)
def test_the_form_is_replaced_by_the_message_between_the_hours(
    client, nightly, article, time_machine, hour, minute, second, day, closed
):
    at(time_machine, hour, minute, second, day)

    page = client.get(article.get_absolute_url())

    assert ('id="comment-form"' in page.text) is not closed
    assert ("Comments are closed until 06:00." in page.text) is closed


def test_the_site_can_say_it_in_its_own_words(
    client, nightly, site_settings, article, time_machine
):
    site_settings(comments_closed_message="Our moderators sleep. Back at six!")
    at(time_machine, 1)

    page = client.get(article.get_absolute_url())

    assert "Our moderators sleep. Back at six!" in page.text


def test_a_comment_sent_at_closing_time_is_refused_with_its_text_kept(
    client, nightly, article, time_machine
):
    at(time_machine, 0, 0, 0)

    response = client.post(
        article.get_absolute_url(),
        comment_form_data(article, body="Written just before midnight."),
    )

    assert response.status_code == 400
    assert "Comments are closed until 06:00" in response.text
    assert "Written just before midnight." in response.text
    assert not Comment.objects.exists()


def test_a_comment_sent_at_opening_time_is_taken(
    client, nightly, article, time_machine
):
    at(time_machine, 6, 0, 0)

    response = client.post(article.get_absolute_url(), comment_form_data(article))

    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_no_hours_no_closing(client, site_settings, article, time_machine):
    site_settings(comments_closed_from=None, comments_closed_until=None)
    at(time_machine, 3)

    assert 'id="comment-form"' in client.get(article.get_absolute_url()).text


def test_hours_within_a_day_and_the_next_change(settings):
    settings.TIME_ZONE = "Europe/Madrid"
    start, end = dt.time(13, 0), dt.time(15, 30)

    def window(hour, minute=0):
        return daily_window(
            dt.datetime(2026, 7, 2, hour, minute, tzinfo=MADRID), start, end
        )

    assert window(12, 59) == (False, dt.datetime(2026, 7, 2, 13, 0, tzinfo=MADRID))
    assert window(13, 0) == (True, dt.datetime(2026, 7, 2, 15, 30, tzinfo=MADRID))
    assert window(15, 30) == (False, dt.datetime(2026, 7, 3, 13, 0, tzinfo=MADRID))


def test_the_cached_page_changes_at_closing_time(
    client, nightly, article, time_machine, settings
):
    from pagecache.schedule import next_change as next_scheduled_change

    at(time_machine, 23, 30, day=1)

    assert (
        next_scheduled_change()
        == dt.datetime(2026, 7, 2, 0, 0, tzinfo=MADRID).timestamp()
    )
    at(time_machine, 2)
    assert (
        next_scheduled_change()
        == dt.datetime(2026, 7, 2, 6, 0, tzinfo=MADRID).timestamp()
    )


def test_both_times_or_neither(site_settings):
    from django.core.exceptions import ValidationError

    from newsroom.models import SiteSettings

    settings_row = SiteSettings(comments_closed_from=dt.time(0, 0))

    with pytest.raises(ValidationError):
        settings_row.clean()
