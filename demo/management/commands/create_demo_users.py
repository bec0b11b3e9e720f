"""Create (or reset) one local demo account per role, for development only."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from authors.models import Author


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    group: str | None = None
    superuser: bool = False


# Where `make run` serves the site.
DEVELOPMENT_SERVER = "http://127.0.0.1:8000/"

# Well-known on purpose: these accounts exist only on developers' machines.
DEMO_ACCOUNTS = (
    DemoAccount("reporter", "reporter-demo-pass", "Reporter", group="Reporter"),
    DemoAccount("editor", "editor-demo-pass", "Editor", group="Editor"),
    DemoAccount("moderator", "moderator-demo-pass", "Moderator", group="Moderator"),
    DemoAccount("admin", "admin-demo-pass", "Superuser", superuser=True),
)


class Command(BaseCommand):
    help = (
        "Create or reset the local demo accounts (reporter, editor, moderator, "
        "admin) with fixed passwords. Refuses to run unless DEBUG is on."
    )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                _(
                    "create_demo_users only runs with DEBUG on: its accounts have "
                    "published passwords and must never exist on a real server."
                )
            )
        groups = {group.name: group for group in Group.objects.all()}
        missing = sorted(
            {account.group for account in DEMO_ACCOUNTS if account.group} - set(groups)
        )
        if missing:
            raise CommandError(
                _("Missing role groups: {groups}. Run manage.py migrate first.").format(
                    groups=", ".join(missing)
                )
            )
        with transaction.atomic():
            users = {
                account.username: self.reset_account(account, groups)
                for account in DEMO_ACCOUNTS
            }
            author = self.link_reporter(users["reporter"])
        if options["verbosity"] > 0:
            self.print_accounts(author)

    def reset_account(
        self, account: DemoAccount, groups: dict[str, Group]
    ) -> AbstractBaseUser:
        """Create the account or put it back to its demo state."""
        user, _created = get_user_model().objects.get_or_create(
            username=account.username
        )
        user.email = f"{account.username}@example.org"
        user.first_name = "Demo"
        user.last_name = account.role
        user.is_active = True
        user.is_staff = True
        user.is_superuser = account.superuser
        user.set_password(account.password)
        user.save()
        user.groups.set([groups[account.group]] if account.group else [])
        return user

    def link_reporter(self, reporter: AbstractBaseUser) -> Author | None:
        """Give the reporter a byline identity: an unclaimed author, reporters first."""
        author = Author.objects.filter(user=reporter).first()
        if author is not None:
            return author
        unclaimed = Author.objects.filter(user__isnull=True).order_by("pk")
        author = (
            unclaimed.filter(job_title__iexact="reporter").first()
            or unclaimed.filter(job_title__icontains="reporter").first()
            or unclaimed.first()
        )
        if author is not None:
            author.user = reporter
            author.save(update_fields=["user"])
        return author

    def print_accounts(self, author: Author | None) -> None:
        rows = [(_("Role"), _("Username"), _("Password"))] + [
            (account.role, account.username, account.password)
            for account in DEMO_ACCOUNTS
        ]
        widths = [max(len(row[column]) for row in rows) for column in range(3)]
        rule = "  ".join("-" * width for width in widths)
        self.stdout.write(
            self.style.WARNING(
                _("Demo accounts (for local development only, never on a server):")
            )
        )
        self.stdout.write("")
        for number, row in enumerate(rows):
            cells = zip(row, widths, strict=True)
            line = "  ".join(f"{cell:<{width}}" for cell, width in cells)
            self.stdout.write(f"  {line}".rstrip())
            if number == 0:
                self.stdout.write("  " + rule)
        self.stdout.write("")
        login_url = DEVELOPMENT_SERVER + settings.ADMIN_URL
        self.stdout.write(_("Log in at {url}").format(url=login_url))
        if author is not None:
            self.stdout.write(
                _("The reporter writes as {name}.").format(name=author.name)
            )
