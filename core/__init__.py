"""Site-agnostic helpers the apps share: the floor of the dependency rule.

Everything here knows Django and the page cache's generation_cached(), and
nothing else of ours: no model, URL, template or setting of an app (newsroom,
articles, authors, comments, wordpress, images) is named in it, and
import-linter keeps it so (pyproject.toml: core is below every app, above only
the page cache, and images, reusable, may use it). It is a plain package, not an
app: no models, templates or signals of its own, so it is not in INSTALLED_APPS.

- text: control characters out of forms, saves and XML (clean_text & co);
- client_ip: the client's address through the trusted proxies;
- meta: PageMeta and the building blocks of page metadata (absolute_url,
  json_ld, breadcrumbs, the site's organisation and logo);
- fast_reverse: reverse() for the links a page repeats;
- pagination: LongListPaginator, for lists as long as the archive;
- sitemaps: SiteSitemap, the base of every sitemap.

What each app says about its own pages lives in the app (articles/meta.py,
authors/meta.py, newsroom/seo.py).
"""
