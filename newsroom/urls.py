from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.decorators.http import require_safe

from articles import views as articles_views
from articles.sitemaps import ArticleSitemap, SectionSitemap, TagSitemap
from authors.sitemaps import AuthorSitemap
from newsroom import admin as newsroom_admin
from newsroom import views
from wordpress.views import legacy_query_redirect

SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}

urlpatterns = [
    path("", legacy_query_redirect(views.home), name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Search is the articles app's; its URL and name are the site's.
    path("search/", articles_views.search, name="search"),
    path("robots.txt", views.robots_txt, name="robots"),
    # Django's sitemap views, with the page cache in front of them (as of every
    # public page) and SiteSitemap's protocol, domain and page counts.
    path(
        "sitemap.xml",
        require_safe(sitemap_views.index),
        {
            "sitemaps": SITEMAPS,
            "sitemap_url_name": "sitemap",
            "template_name": "newsroom/sitemap_index.xml",
        },
        name="sitemap-index",
    ),
    path(
        "sitemap-<section>.xml",
        require_safe(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS, "template_name": "newsroom/sitemap.xml"},
        name="sitemap",
    ),
    path("news-sitemap.xml", views.news_sitemap, name="news-sitemap"),
    # Before the admin's own URLs, so that this one replaces Django's shortcut.
    path(
        f"{settings.ADMIN_URL}r/<path:content_type_id>/<path:object_id>/",
        admin.site.admin_view(newsroom_admin.view_on_site),
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("comments.urls")),
    path("", include("authors.urls")),
    path("", include("articles.urls")),
    # Old WordPress addresses of imported content; last, as it ends in a catch-all.
    path("", include("wordpress.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
