"""The apps plug themselves into the page cache: what invalidates, and when."""

import math
from datetime import UTC, datetime

from taggit.models import Tag, TaggedItem

from articles import signals as article_signals
from articles.models import (
    Article,
    ArticleAutosave,
    Byline,
    Correction,
    LiveEntry,
    ReviewNote,
    Section,
)
from authors.models import Author
from comments.models import BannedPhrase, Comment
from images.models import Image
from newsroom import signals as site_signals
from newsroom.models import FrontPage, SiteSettings
from pagecache import invalidation, schedule


def test_the_next_change_is_the_earliest_any_hook_reports(monkeypatch):
    monkeypatch.setattr(schedule, "_hooks", [])
    soon = datetime(2030, 1, 1, 8, tzinfo=UTC)
    later = datetime(2030, 1, 2, 8, tzinfo=UTC)

    assert schedule.next_change() == math.inf

    def never(now):
        return None

    def sooner(now):
        return soon

    schedule.register_next_change(never)
    assert schedule.next_change() == math.inf
    schedule.register_next_change(lambda now: later)
    schedule.register_next_change(lambda now: None)
    schedule.register_next_change(sooner)
    schedule.register_next_change(sooner)  # ready() may run twice: counted once.

    assert schedule.next_change() == soon.timestamp()
    assert len(schedule._hooks) == 4


def test_each_app_registers_the_moments_it_owns():
    hooks = set(schedule._hooks)

    assert {
        article_signals.next_article_change,
        site_signals.breaking_news_end,
        site_signals.comment_hours_change,
        site_signals.photo_rights_expiry,
    } <= hooks


def test_the_models_readers_see_are_watched_and_the_others_are_not():
    for model in (Section, Byline, Correction, Tag, TaggedItem, Author, Image):
        assert invalidation.is_watched(model), model
    for model in (SiteSettings, FrontPage):
        assert invalidation.is_watched(model), model
    # Rules of their own (articles.signals, articles.live, comments.signals),
    # or nobody's page.
    for model in (Article, ReviewNote, ArticleAutosave, LiveEntry, Comment):
        assert not invalidation.is_watched(model), model
    assert not invalidation.is_watched(BannedPhrase)
