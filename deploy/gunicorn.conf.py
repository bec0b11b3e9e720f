"""gunicorn settings for Newsroom: `gunicorn -c deploy/gunicorn.conf.py`.

Every value can be changed through the environment; the defaults suit one app
server with two cores behind nginx (deploy/nginx.conf).
"""

import multiprocessing
import os

wsgi_app = "newsroom.wsgi:application"

# GUNICORN_BIND (or PORT, as platforms set it): where to listen.
bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{os.environ.get('PORT', '8000')}"

# WEB_CONCURRENCY: worker processes; each handles one request at a time, so pages
# that wait on the database don't hold up others. Default: 2 per core, plus one.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# A worker silent for this long is killed and replaced (a stuck request).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Longer than nginx's keepalive to gunicorn, so nginx closes idle connections first.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Replace each worker after about this many requests, against slow memory growth.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# Load the project once in the master, so workers start fast and share memory.
preload_app = True
# Forwarded headers are read by Django itself (SECURE_PROXY_SSL_HEADER,
# NEWSROOM_TRUSTED_PROXY_COUNT), not by gunicorn.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# No run-time control socket (gunicorn 27+): nothing here uses it.
control_socket_disable = True

# Logs: JSON lines on standard error, like the app's own (newsroom/logging.py).
# The app logs every request itself (newsroom.request: method, path, status,
# duration_ms, request_id); GUNICORN_ACCESS_LOG=true adds gunicorn's access log,
# in the same JSON shape, e.g. to see requests that never reached Django.
_access_log = os.environ.get("GUNICORN_ACCESS_LOG", "").lower() in {"1", "true", "on"}
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "newsroom.logging.JSONFormatter"},
        "access": {"()": "newsroom.logging.GunicornAccessJSONFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json"},
        "access": {"class": "logging.StreamHandler", "formatter": "access"},
    },
    "root": {"level": "WARNING", "handlers": ["console"]},
    "loggers": {
        "gunicorn.error": {
            "level": "INFO",
            "handlers": ["console"],
            "propagate": False,
        },
        "gunicorn.access": {
            "level": "INFO" if _access_log else "WARNING",
            "handlers": ["access"],
            "propagate": False,
        },
    },
}
