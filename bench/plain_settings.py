"""A plain Django project for the benchmark's reference: no apps, no middleware.

Its one view returns a page's bytes, saved by bench/run.py: what the cheapest
Django response of the same size costs under the same gunicorn.
"""

import os

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "bench.plain_urls"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict = {}
USE_TZ = True
