from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class CommentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "comments"

    def ready(self):
        from articles import sections
        from comments import signals
        from comments.models import BannedPhrase, Comment
        from comments.policy import forget_banned_phrases
        from comments.sections import COMMENTS
        from core.text import clean_text_on_save

        clean_text_on_save(self.get_models())
        # The comment block of the article page (articles only knows the registry).
        sections.register(COMMENTS)

        # The page cache: a comment invalidates the pages showing it only.
        uid = "page-cache-comment"
        post_save.connect(signals.comment_saved, sender=Comment, dispatch_uid=uid)
        post_delete.connect(signals.comment_deleted, sender=Comment, dispatch_uid=uid)

        # Every app server reads the list from the shared cache: clear it there.
        for name, signal in (("saved", post_save), ("deleted", post_delete)):
            signal.connect(
                forget_banned_phrases,
                sender=BannedPhrase,
                dispatch_uid=f"comments-banned-phrase-{name}",
            )
