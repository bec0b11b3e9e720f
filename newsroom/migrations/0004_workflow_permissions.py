"""Permissions for the editorial workflow (issue 3), added to the roles of 0002.

Reporters may delete articles: the admin narrows that to their own unpublished
drafts. Editors manage corrections and update notes; reporters may read them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Reporter": [
        "articles.delete_article",
        "articles.view_correction",
    ],
    "Editor": [
        "articles.view_correction",
        "articles.add_correction",
        "articles.change_correction",
        "articles.delete_correction",
    ],
}


def _permissions(apps, codes):
    Permission = apps.get_model("auth", "Permission")
    for code in codes:
        app_label, codename = code.split(".")
        yield Permission.objects.get(
            content_type__app_label=app_label, codename=codename
        )


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; these are needed now.
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for role, codes in GRANTS.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.add(*_permissions(apps, codes))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role, codes in GRANTS.items():
        group = Group.objects.filter(name=role).first()
        if group is not None:
            group.permissions.remove(*_permissions(apps, codes))


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0003_safe_image_logo"),
        ("newsroom", "0002_create_roles"),
        ("articles", "0002_lead_image_focal_point_and_safe_upload"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
