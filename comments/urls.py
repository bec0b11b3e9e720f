from django.urls import path

from comments import views

app_name = "comments"

urlpatterns = [
    path("comments/<int:pk>/report/", views.report_comment, name="report"),
    path(
        "<int:year>/<int:month>/<int:day>/<slug:slug>/comment/",
        views.comment_form_page,
        name="form",
    ),
]
