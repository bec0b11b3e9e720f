"""The product's URLs plus the framework floor (bench only)."""

from django.urls import path

from bench.floor import FLOOR_PATH, floor
from newsroom.urls import urlpatterns as site_urlpatterns

urlpatterns = [path(FLOOR_PATH.strip("/") + "/", floor), *site_urlpatterns]
