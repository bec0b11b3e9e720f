"""{% generation_cache %}: a part of a page kept until the site changes."""

import itertools

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation

from pagecache import invalidation

pytestmark = pytest.mark.django_db

PART = Template(
    "{% load pagecache_tags %}"
    "{% generation_cache name kind %}<b>{{ counter }}</b>{% endgeneration_cache %}"
)


class Counter:
    """Counts its renders: a kept part shows the number of its first one."""

    def __init__(self):
        self.renders = itertools.count(1)

    def __str__(self):
        return str(next(self.renders))


def render(counter, name="part", kind="a") -> str:
    return PART.render(Context({"counter": counter, "name": name, "kind": kind}))


@pytest.mark.usefixtures("page_cache_on")
def test_a_part_is_rendered_once_per_generation_and_kept_as_html(commit):
    counter = Counter()
    assert render(counter) == "<b>1</b>"
    assert render(counter) == "<b>1</b>"

    with commit():
        invalidation.site_changed()

    assert render(counter) == "<b>2</b>"
    assert render(counter) == "<b>2</b>"


@pytest.mark.usefixtures("page_cache_on")
def test_parts_differ_by_name_what_they_vary_on_and_language():
    counter = Counter()
    assert render(counter, kind="a") == "<b>1</b>"
    assert render(counter, kind="b") == "<b>2</b>"
    assert render(counter, name="other") == "<b>3</b>"
    with translation.override("es"):
        assert render(counter, kind="a") == "<b>4</b>"
    assert render(counter, kind="a") == "<b>1</b>"


@pytest.mark.usefixtures("page_cache_on")
def test_an_empty_name_keeps_nothing():
    counter = Counter()
    assert render(counter, name=None) == "<b>1</b>"
    assert render(counter, name="") == "<b>2</b>"
    assert render(counter, name=None) == "<b>3</b>"


def test_with_the_page_cache_off_the_part_is_rendered_every_time(settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    counter = Counter()
    assert render(counter) == "<b>1</b>"
    assert render(counter) == "<b>2</b>"


def test_the_tag_needs_a_name():
    with pytest.raises(TemplateSyntaxError, match="takes a name"):
        Template(
            "{% load pagecache_tags %}{% generation_cache %}x{% endgeneration_cache %}"
        )


@pytest.mark.usefixtures("page_cache_on")
def test_a_new_release_renders_its_parts_again(monkeypatch):
    from pagecache.templatetags import pagecache_tags

    counter = Counter()
    monkeypatch.setattr(pagecache_tags, "release", lambda: "release-1")
    assert render(counter) == "<b>1</b>"
    assert render(counter) == "<b>1</b>"
    monkeypatch.setattr(pagecache_tags, "release", lambda: "release-2")
    assert render(counter) == "<b>2</b>"
