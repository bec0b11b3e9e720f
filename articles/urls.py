from django.urls import path, register_converter

from articles import feeds, live_views, views
from articles.tags import TagSlugConverter

app_name = "articles"

register_converter(TagSlugConverter, "tag_slug")

urlpatterns = [
    path("<int:year>/", views.YearArchive.as_view(), name="archive-year"),
    path("<int:year>/<int:month>/", views.MonthArchive.as_view(), name="archive-month"),
    path(
        "<int:year>/<int:month>/<int:day>/",
        views.DayArchive.as_view(),
        name="archive-day",
    ),
    path(
        "<int:year>/<int:month>/<int:day>/<slug:slug>/",
        views.article_detail,
        name="detail",
    ),
    path(
        "<int:year>/<int:month>/<int:day>/<slug:slug>/live/updates/",
        live_views.live_updates,
        name="live-updates",
    ),
    path("section/<slug:slug>/", views.SectionArticles.as_view(), name="section"),
    path("tag/<tag_slug:slug>/", views.TagArticles.as_view(), name="tag"),
    path("feed/", feeds.ArticleFeed(), name="feed"),
    path("feed/atom/", feeds.ArticleAtomFeed(), name="feed-atom"),
    path("section/<slug:slug>/feed/", feeds.SectionFeed(), name="section-feed"),
    path("tag/<tag_slug:slug>/feed/", feeds.TagFeed(), name="tag-feed"),
]
