from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_save


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"

    def ready(self):
        from taggit.models import Tag

        from articles import live, media, signals
        from articles.models import Article, ArticleAutosave, LiveEntry, ReviewNote
        from articles.tags import give_tag_a_working_slug
        from core.text import clean_text_on_save
        from images import usage
        from images.models import Image
        from pagecache import invalidation, schedule

        # Tags are the articles' own: typed in the article form; library photos'
        # credits and alt text are typed there too.
        clean_text_on_save([*self.get_models(), Tag, Image])
        pre_save.connect(
            give_tag_a_working_slug, sender=Tag, dispatch_uid="articles-tag-slug"
        )
        # The page cache. Every model readers see invalidates every page (tags
        # are the articles' own), except those with rules of their own: an
        # article only if it is or was published (articles.signals), a live
        # entry only its own pages (articles.live). Editors' review notes and
        # autosaves are nobody's page.
        own_rules = (Article, ReviewNote, ArticleAutosave, LiveEntry)
        invalidation.watch(
            model for model in self.get_models() if model not in own_rules
        )
        invalidation.watch(self.apps.get_app_config("taggit").get_models())
        schedule.register_next_change(signals.next_article_change)
        uid = "page-cache-articles.article"
        pre_save.connect(signals.article_saving, sender=Article, dispatch_uid=uid)
        post_save.connect(signals.article_saved, sender=Article, dispatch_uid=uid)
        post_delete.connect(signals.article_deleted, sender=Article, dispatch_uid=uid)
        # A live update invalidates the cached pages showing it, and no others.
        for signal in (post_save, post_delete):
            signal.connect(live.entry_changed, sender=LiveEntry, dispatch_uid="live")
        # The media library asks which articles show an image.
        usage.register(media.image_usages)
