from django.urls import path

from authors import views
from authors.feeds import AuthorFeed

app_name = "authors"

urlpatterns = [
    path("author/<slug:slug>/", views.AuthorArticles.as_view(), name="detail"),
    path("author/<slug:slug>/feed/", AuthorFeed(), name="feed"),
]
