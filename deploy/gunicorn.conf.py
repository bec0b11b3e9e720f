"""gunicorn settings for Newsroom: `gunicorn -c deploy/gunicorn.conf.py`.

Every value can be changed through the environment; the defaults suit one app
server with two cores behind nginx (deploy/nginx.conf).
"""

import multiprocessing
import os

import gunicorn.http.wsgi

wsgi_app = "newsroom.wsgi:application"

# GUNICORN_BIND: where to listen. Default: the loopback interface only, on PORT
# (8000), for a proxy on the same machine; anything that can reach the app
# directly bypasses the proxy, so listening on other interfaces is an explicit
# choice (GUNICORN_BIND=0.0.0.0:8000, as in the Dockerfile).
bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"

# Concurrency. With REDIS_URL, the page cache and rate limits are shared, and
# WEB_CONCURRENCY worker processes (default: 2 per core, plus one) each handle one
# request at a time. Without it each process would keep its own page cache and
# rate-limit counters, and serve pages another process has already changed: so
# one process serves, with GUNICORN_THREADS threads (default: 2 per core, plus
# one), and more processes are refused.
_per_core = multiprocessing.cpu_count() * 2 + 1
if os.environ.get("REDIS_URL"):
    workers = int(os.environ.get("WEB_CONCURRENCY", _per_core))
else:
    workers = int(os.environ.get("WEB_CONCURRENCY", "1"))
    if workers != 1:
        raise SystemExit(
            f"WEB_CONCURRENCY={workers} without REDIS_URL: each worker process "
            "would keep its own page cache and rate limits and serve stale pages. "
            "Set REDIS_URL (a shared cache), or leave WEB_CONCURRENCY unset: one "
            "process then serves with GUNICORN_THREADS threads."
        )
    worker_class = "gthread"
    threads = int(os.environ.get("GUNICORN_THREADS", _per_core))
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
# Forwarded headers are read by Django itself, and only from the proxies in
# NEWSROOM_TRUSTED_PROXIES (core/client_ip.py); gunicorn trusts the same ones
# (for the scheme it reports), and none when there are none.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or ",".join(
    part.strip()
    for part in os.environ.get("NEWSROOM_TRUSTED_PROXIES", "").split(",")
    if part.strip()
)
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


# No "Server: gunicorn" header: it tells a visitor what to attack and nothing
# they need. gunicorn has no setting for it, so its HTTP/1 response drops the
# line from the headers it adds itself (tests/newsroom/test_gunicorn.py).
_default_headers = gunicorn.http.wsgi.Response.default_headers


def _default_headers_without_server(response):
    return [
        line
        for line in _default_headers(response)
        if not line.lower().startswith("server:")
    ]


gunicorn.http.wsgi.Response.default_headers = _default_headers_without_server
