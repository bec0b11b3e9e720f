from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "newsroom"
    verbose_name = _("Site")

    def ready(self):
        from core.text import clean_text_on_save
        from newsroom import (
            checks,  # noqa: F401  (registers the system checks)
            signals,
        )
        from pagecache import invalidation, schedule

        clean_text_on_save(self.get_models())
        # The page cache: the site settings and the front page show on every
        # page. The media library is a reusable app that knows no page cache:
        # the site plugs it in here (its photos show on every kind of page).
        invalidation.watch(self.get_models())
        invalidation.watch(self.apps.get_app_config("images").get_models())
        schedule.register_next_change(signals.breaking_news_end)
        schedule.register_next_change(signals.comment_hours_change)
        schedule.register_next_change(signals.photo_rights_expiry)
