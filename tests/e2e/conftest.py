"""Browser fixtures: Playwright (sync API) driving Debian's Chromium.

Playwright never downloads a browser here: it launches /usr/bin/chromium, which
.ci/run installs with apt. Without it the tests skip, except in CI (CI=true),
where they fail.
"""

import contextlib
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.db import connections
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Screenshots for people to look at (git-ignored).
ARTIFACTS_DIR = Path(django_settings.BASE_DIR) / "test-artifacts"
TIMEOUT_MS = 15_000

# Reports Content-Security-Policy violations (report-only ones too) on the console,
# where the problem collector below hears them. Init scripts run outside the CSP.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(
    `CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` (${event.sourceFile || document.URL}:${event.lineNumber})`
  );
});
"""


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """Return headless Chromium, shared by the browser tests."""
    if not CHROMIUM.exists():
        reason = (
            f"Chromium is not installed at {CHROMIUM} "
            "(apt-get install chromium; .ci/run installs it)"
        )
        if _in_ci():
            pytest.fail(f"{reason}: the browser tests must run in CI")
        pytest.skip(reason)
    # Playwright's sync API keeps an asyncio event loop running in this thread, so
    # Django's async-safety check would refuse the tests' ORM calls; the tests run
    # nothing concurrently, so the check is off while the browser runs:
    # https://docs.djangoproject.com/en/5.2/topics/async/#async-safety
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # Django keeps database connections per thread, but per asyncio context while
    # an event loop runs in the thread (asgiref's thread-critical Local): the tests
    # and pytest-django would get new connections it doesn't manage, and the
    # tables would not be emptied after each test (tests/conftest.py).
    managed = {alias: connections[alias] for alias in connections}
    try:
        with sync_playwright() as playwright:
            for alias, connection in managed.items():
                connections[alias] = connection
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def live_site(settings):
    """Run the live server as in production, and serve the test's MEDIA_ROOT."""
    settings.ROOT_URLCONF = "tests.e2e.urls"
    # The page cache for anonymous readers (off in other tests): everything the
    # browser does commits, so its invalidation works as on a real site.
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 60


@dataclass(frozen=True)
class BrowserProblem:
    kind: str
    url: str
    text: str

    def __str__(self):
        return f"{self.kind} on {self.url}: {self.text}"


@pytest.fixture
def browser_problems() -> list[BrowserProblem]:
    """Collect console errors, uncaught exceptions and CSP violations of all pages."""
    return []


def _console_problem(message: ConsoleMessage) -> BrowserProblem:
    text = message.text
    resource = message.location.get("url", "")
    if text.startswith("Failed to load resource") and resource:
        text = f"{text}: {resource}"
    return BrowserProblem(
        "console error", message.page.url if message.page else "?", text
    )


def _is_favicon_request(message: ConsoleMessage) -> bool:
    # Browsers ask for /favicon.ico by themselves; the site has no icon (yet), and
    # that request is no page's doing.
    return urlsplit(message.location.get("url", "")).path == "/favicon.ico"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.e2e_call_failed = report.failed
    return report


@pytest.fixture
def new_context(
    request, browser: Browser, live_server, browser_problems
) -> Iterator[Callable[..., BrowserContext]]:
    """Return a factory of fresh browser profiles (cookies, tabs) on the live server."""
    contexts = []

    def make(**options) -> BrowserContext:
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        context.on(
            "console",
            lambda message: (
                message.type == "error"
                and not _is_favicon_request(message)
                and browser_problems.append(_console_problem(message))
            ),
        )
        context.on(
            "weberror",
            lambda error: browser_problems.append(
                BrowserProblem(
                    "uncaught exception",
                    error.page.url if error.page else "?",
                    str(error.error),
                )
            ),
        )
        contexts.append(context)
        return context

    yield make
    if getattr(request.node, "e2e_call_failed", False):
        _save_failure_screenshots(request.node.name, contexts)
    for context in contexts:
        context.close()
    _wait_for_the_live_server_to_finish()


# What the closed tabs last asked for may still be running in the live server
# (an autosave, a moderation decision): the test database is emptied next, and
# a request holding its locks then deadlocks with the flush. A request runs its
# queries one after another, idle in between: the database must stay quiet for
# a while, not for one look.
REQUESTS_FINISH_SECONDS = 10
QUIET_SECONDS = 0.3


def _wait_for_the_live_server_to_finish() -> None:
    deadline = time.monotonic() + REQUESTS_FINISH_SECONDS
    quiet_since = None
    with connections["default"].cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                " AND (state IN ('active', 'idle in transaction')"
                " OR state_change > now() - make_interval(secs => %s))",
                [QUIET_SECONDS],
            )
            if cursor.fetchone()[0]:
                quiet_since = None
            elif quiet_since is None:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= QUIET_SECONDS:
                return
            time.sleep(0.05)


def _save_failure_screenshots(test_name: str, contexts: list[BrowserContext]):
    """Keep what each open tab showed when the test failed, for the CI log's reader."""
    folder = ARTIFACTS_DIR / "failures"
    folder.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "-", test_name)
    for number, context in enumerate(contexts, start=1):
        for tab, page in enumerate(context.pages, start=1):
            path = folder / f"{name}-context{number}-tab{tab}.png"
            with contextlib.suppress(PlaywrightError):
                page.screenshot(path=path, full_page=True)


@pytest.fixture
def artifacts_dir() -> Path:
    """Return the folder for screenshots (test-artifacts/, git-ignored)."""
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    return ARTIFACTS_DIR
