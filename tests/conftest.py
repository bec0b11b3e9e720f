import io

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pagecache import generations, store
from tests.authors.factories import UserFactory
from tests.distribution import costa_blanca, laura, published, spain  # noqa: F401

PASSWORD = "correct-horse-battery-staple"


def pytest_collection_modifyitems(items):
    """Give every transactional test the data the migrations made (the roles).

    A transactional test empties every table when it ends, and the next one
    would find no role groups. Serialized rollback reloads the migrated data
    before each; it only works if all transactional tests use it (a plain one
    recreates content types under new ids, which the reload then collides with).
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = "live_server" in getattr(item, "fixturenames", ()) or (
            marker is not None and marker.kwargs.get("transaction")
        )
        if transactional and not (marker and marker.kwargs.get("serialized_rollback")):
            kwargs = dict(marker.kwargs) if marker else {}
            item.add_marker(
                pytest.mark.django_db(
                    *(marker.args if marker else ()),
                    **(kwargs | {"transaction": True, "serialized_rollback": True}),
                ),
                append=False,
            )


def _transactional(item: pytest.Item | None) -> bool:
    marker = item and item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction"))


_database_blocker = []


@pytest.fixture(autouse=True, scope="session")
def _remember_database_blocker(django_db_blocker):
    _database_blocker.append(django_db_blocker)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Put the migrated data back after a transactional test, for a plain one.

    A transactional test's serialized rollback reloads the migrated data (the
    roles) before it runs and empties every table after. Run alone, pytest-django
    orders plain tests first; with pytest-xdist a worker may be handed a plain
    test after a transactional one, which would find no roles. Reloading is
    idempotent (rows are saved by primary key), so the next transactional
    test's own reload is unaffected.
    """
    yield
    if _transactional(item) and nextitem and not _transactional(nextitem):
        from django.db import connections

        with _database_blocker[0].unblock():
            for connection in connections.all():
                contents = getattr(connection, "_test_serialized_contents", None)
                if contents:
                    connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(autouse=True)
def test_settings(settings, tmp_path):
    """Apply test-only settings: fast hashing, in-memory cache and mail, tmp media."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "newsroom-tests",
        }
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # The page cache invalidates when a transaction commits, which a test's own
    # transaction never does: tests of it (tests/pagecache/,
    # tests/test_query_budgets.py) turn it on and commit explicitly.
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    # The production manifest storage needs collectstatic to have run.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    # WhiteNoise warns on every request when STATIC_ROOT does not exist.
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    # django-axes refuses Client.login(), which authenticates without a request;
    # the login-throttling tests (tests/newsroom/test_security.py) turn it on.
    settings.AXES_ENABLED = False
    clear_caches()
    yield settings
    clear_caches()


def clear_caches() -> None:
    """Empty the shared cache and what each process keeps of it.

    Frozen clocks can start the site's generation at the same number in two
    tests, so what a process kept under one test's generation must go too.
    """
    cache.clear()
    generations.local_data.clear()
    store.local_bodies.clear()


def _staff_user_in_group(group_name: str, username: str):
    user = UserFactory(username=username, is_staff=True, password=PASSWORD)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def password() -> str:
    """Return the password every user fixture logs in with."""
    return PASSWORD


@pytest.fixture
def reporter(db):
    return _staff_user_in_group("Reporter", "reporter")


@pytest.fixture
def editor(db):
    return _staff_user_in_group("Editor", "editor")


@pytest.fixture
def moderator(db):
    return _staff_user_in_group("Moderator", "moderator")


@pytest.fixture
def superuser(db):
    return UserFactory(
        username="admin", is_staff=True, is_superuser=True, password=PASSWORD
    )


def make_jpeg(
    name: str = "photo.jpg",
    size: tuple[int, int] = (64, 48),
    colour: tuple[int, int, int] = (200, 60, 30),
) -> SimpleUploadedFile:
    """Return a real JPEG image (Pillow-generated) as an uploaded file."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def jpeg():
    """Return the make_jpeg() factory, for tests that need image uploads."""
    return make_jpeg
