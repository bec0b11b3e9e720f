"""When the site next changes by itself: the moments each app registers.

A cached page (and any generation_cached() value) is never kept past the next
such moment, so scheduled changes show on time without a cron job or a save.
Each app registers the moments it owns from its AppConfig.ready():

    schedule.register_next_change(next_scheduled_publication)

A hook takes the current time and returns an aware datetime, or None if
nothing it owns is due to change.
"""

import datetime
import math
from collections.abc import Callable

from django.utils import timezone

NextChange = Callable[[datetime.datetime], datetime.datetime | None]

_hooks: list[NextChange] = []


def register_next_change(hook: NextChange) -> NextChange:
    """Add a source of scheduled changes (once per function: ready() may rerun)."""
    if hook not in _hooks:
        _hooks.append(hook)
    return hook


def next_change() -> float:
    """Return when a page next changes without anyone saving anything (or inf)."""
    now = timezone.now()
    moments = (hook(now) for hook in _hooks)
    return min((moment.timestamp() for moment in moments if moment), default=math.inf)
