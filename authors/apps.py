from django.apps import AppConfig


class AuthorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "authors"

    def ready(self):
        from core.text import clean_text_on_save
        from pagecache import invalidation

        clean_text_on_save(self.get_models())
        # An author's page, bio and portrait show on every page they wrote.
        invalidation.watch(self.get_models())
