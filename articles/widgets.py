from django.urls import reverse
from taggit.forms import TagWidget


class TagSuggestWidget(TagWidget):
    """Taggit's comma-separated input, turned into tag chips that suggest as you type.

    static/js/admin/article_fields.js hides the input and keeps it up to date from
    the chips, so the form posts exactly what taggit's field parses; without
    JavaScript the comma-separated box still works.
    """

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-tag-suggest"] = reverse(
            "admin:articles_article_tag_suggest"
        )
        return context
