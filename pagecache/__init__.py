"""A full-page cache for anonymous readers that never serves stale news.

A reusable app: it imports only Django, the standard library and Brotli, never
another app of this project (import-linter holds that). The apps that own the
content plug themselves in from their AppConfig.ready():

- pagecache.invalidation.watch(models): saving or deleting one of them starts
  a new generation for the whole site; site_changed() / pages_changed() for
  receivers of their own.
- pagecache.schedule.register_next_change(fn): a moment the site changes by
  itself (a scheduled article going live, the breaking-news banner's end), so
  no copy is kept past it.

Modules: store (the shared cache's records), middleware (serving, storing,
HTTP caching), generations (generation_cached()), placeholders
(PerReaderValue), invalidation and schedule. The design is in docs/caching.md.
"""
