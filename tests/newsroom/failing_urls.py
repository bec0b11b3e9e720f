"""URLs whose views fail, for testing what the 500 page shows (nothing)."""

from django.db import connection
from django.urls import path


def exception(request):
    raise RuntimeError("password-in-the-message: SELECT * FROM auth_user")


def database_error(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM no_such_table")


urlpatterns = [
    path("exception/", exception),
    path("database-error/", database_error),
]
