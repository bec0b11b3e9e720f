from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"

    def ready(self):
        from articles import live
        from articles.models import LiveEntry

        # A live update invalidates the cached pages showing it, and no others.
        for signal in (post_save, post_delete):
            signal.connect(live.entry_changed, sender=LiveEntry, dispatch_uid="live")
