from django.apps import AppConfig
from django.db.models.signals import pre_save


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"

    def ready(self):
        from taggit.models import Tag

        from articles.tags import give_tag_a_working_slug
        from newsroom.text import clean_text_on_save

        # Tags are the articles' own: typed in the article form.
        clean_text_on_save([*self.get_models(), Tag])
        pre_save.connect(
            give_tag_a_working_slug, sender=Tag, dispatch_uid="articles-tag-slug"
        )
