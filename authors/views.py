from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from articles.models import Article, ListLength
from articles.views import PublishedArticlesMixin
from authors.meta import author_meta
from authors.models import Author


class AuthorArticles(PublishedArticlesMixin, ListView):
    """An author's published articles, newest first, paged as every article list."""

    template_name = "authors/author_detail.html"

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return super().get_queryset().by_author(self.author)

    def list_length(self):
        return lambda: ListLength.objects.published_count(
            ListLength.Kind.AUTHOR,
            [self.author.pk],
            Article.objects.by_author(self.author),
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)

    def get_page_meta(self, context, page_number):
        return author_meta(self.author, page_number)
