"""Who may use the media library: reporters add and edit photos, editors also delete."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Reporter": ["add_image", "change_image", "view_image"],
    "Editor": ["add_image", "change_image", "delete_image", "view_image"],
}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; these are needed now.
    app_config = apps.get_app_config("images")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in GRANTS.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="images", codename__in=codenames
            )
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in GRANTS.items():
        group = Group.objects.filter(name=role).first()
        if group is not None:
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="images", codename__in=codenames
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("images", "0001_initial"),
        ("newsroom", "0002_create_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
