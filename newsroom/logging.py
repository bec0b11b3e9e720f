"""Structured logging: one JSON object per line, for log collectors to parse.

Importable without Django set up, so gunicorn's master process can use the same
formatters (see deploy/gunicorn.conf.py).
"""

import contextvars
import json
import logging
import traceback
from datetime import UTC, datetime

# The id of the request being handled, added to every record logged meanwhile.
request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)

# Attributes every LogRecord has; anything else came in through `extra=`.
_RECORD_ATTRIBUTES = frozenset(
    vars(logging.LogRecord("", logging.INFO, "", 0, "", None, None))
) | {"message", "asctime", "taskName"}


class RequestIdFilter(logging.Filter):
    """Stamp each record with the id of the request it was logged during."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            # Django logs 4xx responses (django.request) after the middleware
            # has finished, but passes the request along.
            record.request_id = request_id.get() or getattr(
                getattr(record, "request", None), "id", None
            )
        return True


class JSONFormatter(logging.Formatter):
    """Format a record as one line of JSON: time, level, logger, message, extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name, value in vars(record).items():
            if name not in _RECORD_ATTRIBUTES and value is not None:
                entry[name] = value
        if record.exc_info:
            entry["exception"] = "".join(traceback.format_exception(*record.exc_info))
        return json.dumps(entry, default=str, ensure_ascii=False)


class GunicornAccessJSONFormatter(JSONFormatter):
    """Format gunicorn's access log records (their args are its "atoms") as JSON."""

    def format(self, record: logging.LogRecord) -> str:
        atoms = record.args if isinstance(record.args, dict) else {}
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": "request",
            "method": atoms.get("m"),
            "path": atoms.get("U"),
            "status": _int_or_none(atoms.get("s")),
            "duration_ms": _int_or_none(atoms.get("M")),
            "bytes": _int_or_none(atoms.get("B")),
            "request_id": atoms.get("{x-request-id}i") or None,
        }
        return json.dumps(
            {key: value for key, value in entry.items() if value is not None},
            ensure_ascii=False,
        )


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
