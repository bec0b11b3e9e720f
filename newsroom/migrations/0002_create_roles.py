from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Reporter": [
        "articles.view_article",
        "articles.add_article",
        "articles.change_article",
        "articles.view_byline",
        "articles.add_byline",
        "articles.change_byline",
        "articles.delete_byline",
        "articles.view_section",
        "authors.view_author",
        "taggit.view_tag",
    ],
    "Editor": [
        "articles.view_article",
        "articles.add_article",
        "articles.change_article",
        "articles.delete_article",
        "articles.publish_article",
        "articles.view_byline",
        "articles.add_byline",
        "articles.change_byline",
        "articles.delete_byline",
        "articles.view_section",
        "articles.add_section",
        "articles.change_section",
        "articles.delete_section",
        "authors.view_author",
        "authors.add_author",
        "authors.change_author",
        "authors.delete_author",
        "taggit.view_tag",
        "taggit.add_tag",
        "taggit.change_tag",
        "taggit.delete_tag",
        "newsroom.view_sitesettings",
        "newsroom.change_sitesettings",
    ],
    "Moderator": [
        "comments.view_comment",
        "comments.change_comment",
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; the roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codes in ROLES.items():
        group, _created = Group.objects.get_or_create(name=role)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
            )


def delete_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_initial"),
        ("articles", "0001_initial"),
        ("authors", "0001_initial"),
        ("comments", "0001_initial"),
        (
            "taggit",
            "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx",
        ),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
