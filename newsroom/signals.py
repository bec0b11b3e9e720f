"""The moments the site's own pages change by themselves, registered with the
page cache (pagecache.schedule) in NewsroomConfig.ready().

Saves and deletes of the site settings, the front page and the media library
invalidate every page (pagecache.invalidation.watch, in the same place).
"""

import datetime

from django.db.models import Min
from django.utils import timezone

from images.models import Image
from newsroom.models import FrontPage, SiteSettings, daily_window


def breaking_news_end(now):
    """Return when the breaking-news banner goes away by itself."""
    return (
        FrontPage.objects.filter(pk=1, breaking_news_until__gt=now)
        .values_list("breaking_news_until", flat=True)
        .first()
    )


def comment_hours_change(now):
    """Return when comments close or reopen for the night (the article's form)."""
    hours = (
        SiteSettings.objects.filter(pk=1)
        .values_list("comments_closed_from", "comments_closed_until")
        .first()
    )
    if not hours or None in hours or hours[0] == hours[1]:
        return None
    return daily_window(now, *hours)[1]


def photo_rights_expiry(now):
    """Return when a photo whose rights expire leaves pages: the start of the
    day after its last day."""
    expiring = Image.objects.filter(
        rights_expire_on__gte=timezone.localdate(now)
    ).aggregate(next=Min("rights_expire_on"))["next"]
    if expiring is None:
        return None
    return timezone.make_aware(
        datetime.datetime.combine(
            expiring + datetime.timedelta(days=1), datetime.time.min
        )
    )
