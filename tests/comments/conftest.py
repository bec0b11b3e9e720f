import pytest

from newsroom.models import SiteSettings


@pytest.fixture
def site_settings(db, django_capture_on_commit_callbacks):
    """Return a function that changes the site settings as the admin would.

    The change is committed for real as far as after-commit work goes (cache
    invalidation), so the next page sees it even inside the test's transaction.
    """

    def update(**fields) -> SiteSettings:
        with django_capture_on_commit_callbacks(execute=True):
            site, _created = SiteSettings.objects.get_or_create(pk=1)
            for name, value in fields.items():
                setattr(site, name, value)
            site.save()
        return site

    return update
