from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "newsroom"
    verbose_name = _("Site")

    def ready(self):
        from core.text import clean_text_on_save
        from newsroom import (
            cache_invalidation,
            checks,  # noqa: F401  (registers the system checks)
        )

        cache_invalidation.connect()
        clean_text_on_save(self.get_models())
