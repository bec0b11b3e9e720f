from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from authors.models import Author
from demo.management.commands.create_demo_users import DEMO_ACCOUNTS

pytestmark = pytest.mark.django_db

ROLE_GROUPS = {"reporter": "Reporter", "editor": "Editor", "moderator": "Moderator"}


@pytest.fixture
def debug(settings):
    settings.DEBUG = True
    return settings


def create_demo_users() -> str:
    out = StringIO()
    call_command("create_demo_users", stdout=out)
    return out.getvalue()


def test_refuses_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        create_demo_users()

    assert not get_user_model().objects.exists()


def test_creates_staff_accounts_in_their_role_groups(debug):
    create_demo_users()

    for username, group in ROLE_GROUPS.items():
        user = get_user_model().objects.get(username=username)
        assert user.is_staff is True
        assert user.is_superuser is False
        assert list(user.groups.values_list("name", flat=True)) == [group]
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_staff is True
    assert admin.is_superuser is True


def test_accounts_can_log_in(debug, client):
    create_demo_users()

    for account in DEMO_ACCOUNTS:
        assert client.login(username=account.username, password=account.password)
        client.logout()


def test_is_idempotent_and_resets_accounts(debug, client):
    create_demo_users()
    reporter = get_user_model().objects.get(username="reporter")
    reporter.set_password("something-else")
    reporter.is_active = False
    reporter.save()
    reporter.groups.clear()

    create_demo_users()

    assert get_user_model().objects.count() == len(DEMO_ACCOUNTS)
    reporter.refresh_from_db()
    assert reporter.is_active is True
    assert list(reporter.groups.values_list("name", flat=True)) == ["Reporter"]
    assert client.login(username="reporter", password=DEMO_ACCOUNTS[0].password)


def test_prints_credentials_and_login_url(debug):
    debug.ADMIN_URL = "newsroom-admin/"

    output = create_demo_users()

    for account in DEMO_ACCOUNTS:
        assert account.username in output
        assert account.password in output
    assert "http://127.0.0.1:8000/newsroom-admin/" in output


def test_links_reporter_to_an_author(debug):
    Author.objects.create(name="Laura Editor", slug="laura", job_title="Editor")
    reporter_author = Author.objects.create(
        name="Hannah Reporter", slug="hannah", job_title="Reporter"
    )

    output = create_demo_users()
    create_demo_users()

    reporter_author.refresh_from_db()
    assert reporter_author.user.username == "reporter"
    assert Author.objects.filter(user__isnull=False).count() == 1
    assert "Hannah Reporter" in output


def test_works_without_authors(debug):
    create_demo_users()

    assert not Author.objects.exists()
    assert get_user_model().objects.count() == len(DEMO_ACCOUNTS)
