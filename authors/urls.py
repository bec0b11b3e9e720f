from django.urls import path

from authors import views

app_name = "authors"

urlpatterns = [
    path("author/<slug:slug>/", views.AuthorArticles.as_view(), name="detail"),
]
