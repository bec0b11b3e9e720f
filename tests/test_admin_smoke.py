from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from taggit.models import Tag

from articles.models import LiveEntry
from comments.models import Ban, BannedPhrase, Comment, ModerationAction
from comments.notifications import enqueue_mail
from newsroom.models import FrontPage, SiteSettings, TopStory
from tests.articles.factories import ArticleFactory, LiveEntryFactory
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db

MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)
# Site settings and the front page are singletons: no add page, the changelist
# opens the one object. django-axes' login records are made only by logins.
WITHOUT_ADD_PAGE = {SiteSettings, FrontPage, AccessAttempt, AccessFailureLog, AccessLog}
# Live updates are posted from their article's live desk.
WITHOUT_ADD_PAGE.add(LiveEntry)
WITHOUT_ADD_PAGE.add(ModerationAction)
WITHOUT_ADD_PAGE.add(DBTaskResult)


def admin_url(model, view: str, *args) -> str:
    return reverse(
        f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args
    )


each_model = pytest.mark.parametrize(
    "model", MODELS, ids=lambda model: model._meta.label
)


@pytest.fixture
def admin_client(client, superuser, password):
    assert client.login(username=superuser.username, password=password) is True
    return client


@pytest.fixture
def content(superuser):
    """Create one object of every admin-registered model, with relations filled."""
    parent = CommentFactory(
        approved=True,
        article=ArticleFactory(
            published=True, tags=["Tourism", "Beaches"], with_lead_image=True
        ),
    )
    CommentFactory(parent=parent)
    BannedPhrase.objects.create(phrase="cheap pills", action=BannedPhrase.Action.SPAM)
    Ban.objects.create(network="203.0.113.0/24", reason="Flooding")
    enqueue_mail("digest")
    ModerationAction.objects.create(
        comment=parent, actor=superuser, kind=ModerationAction.Kind.APPROVE
    )
    ArticleFactory(draft=True, section=parent.article.section)
    LiveEntryFactory()
    SiteSettings.load()
    front_page = FrontPage.objects.create(lead=parent.article)
    TopStory.objects.create(
        front_page=front_page, article=ArticleFactory(published=True)
    )
    login = {
        "username": "editor",
        "ip_address": "192.0.2.10",
        "user_agent": "Firefox",
        "http_accept": "text/html",
        "path_info": "/admin/login/",
    }
    AccessAttempt.objects.create(
        **login, get_data="", post_data="username=editor", failures_since_start=2
    )
    AccessFailureLog.objects.create(**login)
    AccessLog.objects.create(**login)


def test_every_expected_model_is_in_the_admin():
    assert {
        ("articles", "article"),
        ("articles", "section"),
        ("authors", "author"),
        ("comments", "comment"),
        ("taggit", "tag"),
        ("newsroom", "sitesettings"),
    } <= {(model._meta.app_label, model._meta.model_name) for model in MODELS}


def test_admin_index_renders_for_a_superuser(admin_client, content):
    assert admin_client.get(reverse("admin:index")).status_code == 200


@each_model
def test_admin_changelist_renders_for_a_superuser(admin_client, content, model):
    url = admin_url(model, "changelist")

    response = admin_client.get(url, follow=True)
    search = admin_client.get(url, {"q": "a"}, follow=True)

    assert response.status_code == 200
    assert search.status_code == 200


@each_model
def test_admin_add_page_renders_for_a_superuser(admin_client, content, model):
    response = admin_client.get(admin_url(model, "add"))

    assert response.status_code == (403 if model in WITHOUT_ADD_PAGE else 200)


@each_model
def test_admin_change_page_renders_for_a_superuser(admin_client, content, model):
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"the content fixture makes no {model._meta.label}"

    response = admin_client.get(admin_url(model, "change", obj.pk))

    assert response.status_code == 200


def test_site_settings_changelist_opens_the_one_settings_page(admin_client):
    response = admin_client.get(reverse("admin:newsroom_sitesettings_changelist"))

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:newsroom_sitesettings_change", args=(1,)
    )


def test_comments_changelist_opens_on_pending_comments_oldest_first(
    admin_client, time_machine
):
    now = timezone.now()
    created = {}
    for minutes, name, trait in [
        (30, "newest pending", "pending"),
        (10, "oldest pending", "pending"),
        (5, "approved", "approved"),
        (20, "middle pending", "pending"),
        (1, "spam", "spam"),
        (2, "rejected", "rejected"),
    ]:
        time_machine.move_to(now + timedelta(minutes=minutes), tick=False)
        created[name] = CommentFactory(name=name, **{trait: True})
    url = reverse("admin:comments_comment_changelist")

    response = admin_client.get(url)
    queue = admin_client.get(response["Location"])

    assert response.status_code == 302
    assert response["Location"] == f"{url}?status__exact=pending"
    assert queue.status_code == 200
    assert list(queue.context["cl"].result_list) == [
        created["oldest pending"],
        created["middle pending"],
        created["newest pending"],
    ]


def test_comments_changelist_keeps_a_chosen_filter(admin_client):
    approved = CommentFactory(approved=True)
    CommentFactory(pending=True)
    url = reverse("admin:comments_comment_changelist")

    response = admin_client.get(url, {"status__exact": Comment.Status.APPROVED})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [approved]


@pytest.mark.parametrize(
    ("role", "allowed", "forbidden"),
    [
        ("reporter", ["articles_article", "articles_section"], ["comments_comment"]),
        ("editor", ["articles_article", "authors_author", "taggit_tag"], []),
        (
            "moderator",
            ["comments_comment"],
            ["articles_article", "authors_author", "taggit_tag"],
        ),
    ],
)
def test_roles_reach_only_their_admin_pages(
    client, request, password, role, allowed, forbidden
):
    user = request.getfixturevalue(role)
    assert client.login(username=user.username, password=password) is True

    for name in allowed:
        url = reverse(f"admin:{name}_changelist")
        assert client.get(url, follow=True).status_code == 200, url
    for name in forbidden:
        url = reverse(f"admin:{name}_changelist")
        assert client.get(url, follow=True).status_code == 403, url


def test_role_groups_exist():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Reporter",
        "Editor",
        "Moderator",
    }


def test_tags_are_listed_in_the_admin(admin_client, content):
    response = admin_client.get(reverse("admin:taggit_tag_changelist"))

    assert set(response.context["cl"].result_list) == set(Tag.objects.all())
