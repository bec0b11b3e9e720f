import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from PIL import Image

from pagecache import generations, store
from tests.authors.factories import UserFactory

pytest_plugins = ["tests.distribution", "tests.pagecache.fixtures"]

PASSWORD = "correct-horse-battery-staple"

# The role groups and their permissions as the migrations left them, read once
# per test process (django_db_setup below), by role name.
_roles: dict[str, list[tuple[str, str]]] = {}
_database_blocker = []


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Create the test database, then remember the roles the migrations made."""
    _database_blocker.append(django_db_blocker)
    with django_db_blocker.unblock():
        for group in Group.objects.prefetch_related("permissions__content_type"):
            _roles[group.name] = [
                (permission.content_type.app_label, permission.codename)
                for permission in group.permissions.all()
            ]


def restore_roles() -> None:
    """Put back the role groups that django_db_setup remembered.

    Emptying the tables after a transactional test runs post_migrate again,
    which brings back content types and permissions (under new ids) but not
    the groups, which data migrations made. Idempotent.
    """
    for name, codes in _roles.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = Q()
        for app_label, codename in codes:
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        permissions = list(Permission.objects.filter(wanted)) if codes else []
        assert len(permissions) == len(codes), f"{name}: permissions are missing"
        group.permissions.set(permissions)


def _transactional(item: pytest.Item | None) -> bool:
    if item is None:
        return False
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or (
        "transactional_db" in getattr(item, "fixturenames", ())
    )


def pytest_collection_modifyitems(items):
    """Refuse serialized rollback: restore_roles() is the cheap way to the roles.

    A serialized rollback reloads content types under the ids they had when the
    database was created, which collide with those post_migrate re-creates
    after any other transactional test.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (marker and marker.kwargs.get("serialized_rollback")) or (
            "django_db_serialized_rollback" in getattr(item, "fixturenames", ())
        ):
            raise pytest.UsageError(
                f"{item.nodeid}: serialized rollback is not used in this suite; "
                "tests/conftest.py restores the roles after transactional tests."
            )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Put the roles back after a transactional test has emptied the tables.

    Here rather than in a fixture: the tables are emptied when pytest-django's
    fixtures are torn down, and this runs after them. Whatever test comes next,
    plain (in pytest-xdist a worker may get one after a transactional test) or
    transactional, finds the roles as the migrations made them.
    """
    yield
    if _transactional(item) and nextitem is not None and _database_blocker:
        with _database_blocker[0].unblock():
            restore_roles()


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
