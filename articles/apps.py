from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_save


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"

    def ready(self):
        from taggit.models import Tag

        from articles import live, media, signals
        from articles.models import Article, LiveEntry
        from articles.tags import give_tag_a_working_slug
        from core.text import clean_text_on_save
        from images import usage
        from images.models import Image

        # Tags are the articles' own: typed in the article form; library photos'
        # credits and alt text are typed there too.
        clean_text_on_save([*self.get_models(), Tag, Image])
        pre_save.connect(
            give_tag_a_working_slug, sender=Tag, dispatch_uid="articles-tag-slug"
        )
        # The page cache: an article's save or delete invalidates every page
        # unless it is nobody's page (articles.signals).
        uid = "page-cache-articles.article"
        pre_save.connect(signals.article_saving, sender=Article, dispatch_uid=uid)
        post_save.connect(signals.article_saved, sender=Article, dispatch_uid=uid)
        post_delete.connect(signals.article_deleted, sender=Article, dispatch_uid=uid)
        # A live update invalidates the cached pages showing it, and no others.
        for signal in (post_save, post_delete):
            signal.connect(live.entry_changed, sender=LiveEntry, dispatch_uid="live")
        # The media library asks which articles show an image.
        usage.register(media.image_usages)
