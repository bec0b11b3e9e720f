from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from articles.models import Article
from authors.meta import author_meta
from authors.models import Author
from core.pagination import LongListPaginator


class AuthorArticles(ListView):
    template_name = "authors/author_detail.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return Article.objects.published().by_author(self.author).for_listing()

    def get_paginator(self, queryset, per_page, **kwargs):
        return LongListPaginator(
            queryset, per_page, count_key=self.request.path, **kwargs
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(author=self.author, **kwargs)
        context["meta"] = author_meta(self.author, context["page_obj"].number)
        return context
