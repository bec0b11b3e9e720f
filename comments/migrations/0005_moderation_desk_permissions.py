"""Moderators keep bans and answer reports; editors read comments and their audit trail
(issue 16)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Moderator": [
        "comments.view_ban",
        "comments.add_ban",
        "comments.change_ban",
        "comments.delete_ban",
        "comments.view_report",
        "comments.view_moderationaction",
    ],
    "Editor": [
        "comments.view_comment",
        "comments.view_moderationaction",
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
    app_config = apps.get_app_config("comments")
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
        ("comments", "0004_moderation_desk"),
        ("newsroom", "0002_create_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
