from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo content for development: load_demo and create_demo_users.

    It has no models; nothing else imports it (pyproject.toml, import-linter).
    """

    name = "demo"
    verbose_name = _("Demo content")
