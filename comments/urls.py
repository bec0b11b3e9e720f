from django.urls import path

from comments import views

app_name = "comments"

urlpatterns = [
    path("comments/<int:pk>/report/", views.report_comment, name="report"),
]
