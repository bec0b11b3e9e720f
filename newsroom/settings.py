"""Settings for the Newsroom project, configured entirely by environment variables.

Every variable is documented in docs/configuration.md. Development defaults are
safe; with DEBUG off the project refuses to start without a SECRET_KEY.
"""

import ipaddress
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from js_asset import static_lazy

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a "
            "long random string (or DEBUG=true for local development only)."
        )
    SECRET_KEY = "django-insecure-local-development-only"


# Django core settings

ADMIN_URL = env.str("ADMIN_URL", default="admin/").strip("/") + "/"

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)

if env.str("REDIS_URL", default=""):
    CACHES = {
        "default": {
            # Django's RedisCache, reusing its redis-py client (much faster).
            "BACKEND": "newsroom.redis_cache.RedisCache",
            "LOCATION": env.str("REDIS_URL"),
            "KEY_PREFIX": "newsroom",
            # Seconds: a Redis that stops answering fails fast instead of holding
            # up every request (pages are then served uncached).
            "OPTIONS": {
                "socket_connect_timeout": env.float(
                    "REDIS_CONNECT_TIMEOUT", default=0.5
                ),
                "socket_timeout": env.float("REDIS_TIMEOUT", default=0.5),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    from newsroom.embedded_postgres import embedded_database

    DATABASES = {"default": embedded_database(VAR_DIR / "postgres")}
# A read replica of the primary (streaming replication): see newsroom/db_routers.py.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    # Tests run against the primary's test database through this alias too.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["newsroom.db_routers.ReplicaRouter"]
for database in DATABASES.values():
    database.setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    database["CONN_HEALTH_CHECKS"] = True
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must point at a PostgreSQL database.")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="newsroom@localhost")

if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Seconds before a silent mail server is given up on, so it can't hang a worker.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "taggit",
    "django_prose_editor",
    "reversion",
    "imagekit",
    "pagecache",
    "images",
    "newsroom",
    "authors",
    "articles",
    "comments",
    "wordpress",
    # Demo content for development (load_demo, create_demo_users); nothing imports it.
    "demo",
    # Background work (mail): Django's tasks framework, jobs kept in PostgreSQL.
    # After "newsroom", whose db_worker (the worker) takes over abandoned jobs.
    "django_tasks",
    "django_tasks_db",
]

# English dates and times with a 24-hour clock (newsroom/formats/), as the
# newsroom's templates write them, in the admin too.
FORMAT_MODULE_PATH = ["newsroom.formats"]

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en-gb")

MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = env.str("MEDIA_URL", default="/media/")

MIDDLEWARE = [
    # First: forwarded headers only from NEWSROOM_TRUSTED_PROXIES (core/client_ip.py).
    "core.client_ip.TrustedProxyMiddleware",
    "newsroom.middleware.RequestLogMiddleware",
    # Before anything reads the path or query (the page cache included).
    "newsroom.middleware.NulCharacterMiddleware",
    # Outside the page cache, so stored copies lose Vary: Cookie too.
    "newsroom.middleware.SharedPageVaryMiddleware",
    # Stored pages the same for every reader are answered here, with the
    # headers the middleware below gave them; see pagecache/middleware.py.
    "pagecache.middleware.SharedPageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files get the security headers too.
    "newsroom.middleware.ContentSecurityPolicyMiddleware",
    "newsroom.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses what the page cache hasn't (pages with per-reader tokens, whose
    # CSRF token Django masks anew for each response against BREACH).
    "django.middleware.gzip.GZipMiddleware",
    # Answers If-None-Match / If-Modified-Since with 304 Not Modified.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "newsroom.middleware.ReplicaRoutingMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the session, auth and messages: renders and stores pages, and
    # serves those with a CSRF token in them.
    "pagecache.middleware.PageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns lockouts into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]

STORAGES = {
    # Media (uploads and renditions) only ever go through this storage. Setting
    # AWS_STORAGE_BUCKET_NAME moves them to S3-compatible object storage (see the
    # AWS_* settings below); MEDIA_STORAGE names any other Django storage class.
    "default": {
        "BACKEND": env.str(
            "MEDIA_STORAGE",
            default=(
                "images.storage.MediaS3Storage"
                if env.str("AWS_STORAGE_BUCKET_NAME", default="")
                else "django.core.files.storage.FileSystemStorage"
            ),
        ),
        "OPTIONS": env.json("MEDIA_STORAGE_OPTIONS", default={}),
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
                # Last: pages for the page cache get placeholder tokens.
                "pagecache.placeholders.per_reader_values",
            ],
        },
    },
]

TIME_ZONE = env.str("TIME_ZONE", default="Europe/Madrid")

USE_I18N = True
USE_TZ = True

WSGI_APPLICATION = "newsroom.wsgi.application"

X_FRAME_OPTIONS = "DENY"


# Security. SECURE_SSL=true once the site is served over HTTPS (normally by a TLS
# proxy such as nginx, which then must send X-Forwarded-Proto: see docs/deploying.md).

SECURE_SSL = env.bool("SECURE_SSL", default=False)
_ssl_header = env.str("SECURE_PROXY_SSL_HEADER", default="")
if _ssl_header:
    # The header's name, e.g. X-Forwarded-Proto; the proxy sets it to "https".
    # Read only from NEWSROOM_TRUSTED_PROXIES (core.client_ip.TrustedProxyMiddleware).
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + _ssl_header.upper().replace("-", "_"),
        "https",
    )
SECURE_SSL_REDIRECT = SECURE_SSL
# Load balancers check health over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int(
    "SECURE_HSTS_SECONDS", default=365 * 86_400 if SECURE_SSL else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True
)
# Preloading is a promise browsers keep for months, so it is the operator's
# explicit choice; until it is made, check --deploy's reminder (W021) is silenced.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = SECURE_SSL
CSRF_COOKIE_SECURE = SECURE_SSL


# django.contrib settings

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses logins while a lockout lasts.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"


# Third-party settings

# Media on S3-compatible object storage (django-storages, `pip install .[s3]`),
# used when AWS_STORAGE_BUCKET_NAME is set. Credentials come from the usual
# AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables (or an instance role).
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default="") or None
AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default="") or None
AWS_S3_CUSTOM_DOMAIN = env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None
# Path-style URLs (endpoint/bucket/name) are what most S3-compatible services serve.
AWS_S3_ADDRESSING_STYLE = (
    env.str("AWS_S3_ADDRESSING_STYLE", default="path" if AWS_S3_ENDPOINT_URL else "")
    or None
)
AWS_LOCATION = env.str("AWS_LOCATION", default="")
# Media are public: plain URLs that browsers and CDNs can cache, not signed ones.
AWS_QUERYSTRING_AUTH = env.bool("AWS_QUERYSTRING_AUTH", default=False)
# Every stored name is new (random or content-hashed), so objects never change.
AWS_S3_OBJECT_PARAMETERS = env.json(
    "AWS_S3_OBJECT_PARAMETERS",
    default={"CacheControl": "public, max-age=31536000, immutable"},
)


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


# Where media are served from, if not from this site: the CSP allows images there.
MEDIA_ORIGINS = [origin for origin in [_origin(MEDIA_URL)] if origin]
if AWS_STORAGE_BUCKET_NAME:
    if AWS_S3_CUSTOM_DOMAIN:
        MEDIA_ORIGINS.append(f"https://{AWS_S3_CUSTOM_DOMAIN}")
    elif AWS_S3_ENDPOINT_URL and AWS_S3_ADDRESSING_STYLE == "path":
        MEDIA_ORIGINS.append(_origin(AWS_S3_ENDPOINT_URL))
    elif AWS_S3_ENDPOINT_URL:
        endpoint = urlsplit(AWS_S3_ENDPOINT_URL)
        MEDIA_ORIGINS.append(
            f"{endpoint.scheme}://{AWS_STORAGE_BUCKET_NAME}.{endpoint.netloc}"
        )
    else:
        MEDIA_ORIGINS.append(f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com")
        if AWS_S3_REGION_NAME:
            MEDIA_ORIGINS.append(
                f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{AWS_S3_REGION_NAME}"
                ".amazonaws.com"
            )

# django-axes: after AXES_FAILURE_LIMIT failed admin logins for one user name from
# one IP address, that pair is locked out for AXES_COOLOFF_MINUTES. Attempts are
# counted in PostgreSQL, so the limit holds across all app servers; the client's
# address is read as the comment rate limits read it (NEWSROOM_TRUSTED_PROXIES).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "newsroom.lockout.lockout_response"

# Content-Security-Policy (django-csp): no inline script or style and nothing from
# other sites, but for media in object storage. The admin's editor needs one
# inline import map, allowed by its hash on admin pages only (newsroom/middleware.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *MEDIA_ORIGINS],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "upgrade-insecure-requests": SECURE_SSL,
    }
}

# Renditions: see images/renditions.py. The cache (Redis when REDIS_URL is set)
# remembers which renditions exist, so pages never ask the storage.
IMAGEKIT_CACHE_BACKEND = "default"
IMAGEKIT_CACHE_TIMEOUT = 30 * 86_400
IMAGEKIT_CACHEFILE_DIR = "renditions"
IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY = "imagekit.cachefiles.strategies.JustInTime"

# Comment rate limits (comments/limits.py) count in the shared cache; when the cache
# is down, comments are accepted rather than refused.
RATELIMIT_FAIL_OPEN = True

TAGGIT_CASE_INSENSITIVE = True

# Background jobs (mail) in the database, enqueued in the transaction of the data
# they concern; `manage.py db_worker` runs them (docs/moderation.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _library_media_rules(config, shared_config):
    from images.sanitiser import sanitiser_rules

    sanitiser_rules(config, shared_config)


# The body editor's library figures, galleries and embeds: the editor's module
# and the sanitiser's rules (images/sanitiser.py).
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("js/admin/prose_media.js")],
        "extensions": {"LibraryMedia": _library_media_rules},
    }
]


# Newsroom settings

SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

NEWSROOM_COMMENT_MAX_LENGTH = env.int("NEWSROOM_COMMENT_MAX_LENGTH", default=5000)

# Comments: how long commenters' IP addresses (and user agents) are kept before
# `manage.py purge_comment_ips` clears them, and how many comments one IP address
# (an IPv6 /64) and one email address may post, as "count/period" (s, m, h, d).
NEWSROOM_COMMENT_IP_RETENTION_DAYS = env.int(
    "NEWSROOM_COMMENT_IP_RETENTION_DAYS", default=30
)
NEWSROOM_COMMENT_RATE_PER_IP = env.str("NEWSROOM_COMMENT_RATE_PER_IP", default="10/10m")
NEWSROOM_COMMENT_RATE_PER_EMAIL = env.str(
    "NEWSROOM_COMMENT_RATE_PER_EMAIL", default="5/10m"
)
# A job still "running" after this long lost its worker (a crash, a kill): the
# next worker runs it again. Longer than any job takes (mail: EMAIL_TIMEOUT).
NEWSROOM_TASK_LEASE_SECONDS = env.int("NEWSROOM_TASK_LEASE_SECONDS", default=600)
# A mail that fails is tried again later, this many times in all.
NEWSROOM_MAIL_ATTEMPTS = env.int("NEWSROOM_MAIL_ATTEMPTS", default=6)
# Readers' reports of comments, per IP address (IPv6: per /64).
NEWSROOM_COMMENT_REPORT_RATE = env.str("NEWSROOM_COMMENT_REPORT_RATE", default="10/h")
# How many comment forms (each with its one-time token) one IP address may fetch.
NEWSROOM_COMMENT_FORM_RATE_PER_IP = env.str(
    "NEWSROOM_COMMENT_FORM_RATE_PER_IP", default="30/10m"
)

# Reverse proxies (nginx, a load balancer, a CDN) in front of the app, as IP
# addresses or CIDR networks: forwarded headers (X-Forwarded-For, the
# SECURE_PROXY_SSL_HEADER) are read only on connections from them
# (core/client_ip.py). Empty: no forwarded header is trusted.
NEWSROOM_TRUSTED_PROXIES = [
    proxy.strip()
    for proxy in env.list("NEWSROOM_TRUSTED_PROXIES", default=[])
    if proxy.strip()
]
for _proxy in NEWSROOM_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy)
    except ValueError:
        raise ImproperlyConfigured(
            f"NEWSROOM_TRUSTED_PROXIES: {_proxy!r} is not an IP address or network "
            "with no host bits set (e.g. 127.0.0.1,10.0.0.0/8)."
        ) from None
if env.str("NEWSROOM_TRUSTED_PROXY_COUNT", default="0").strip() not in {"", "0"}:
    raise ImproperlyConfigured(
        "NEWSROOM_TRUSTED_PROXY_COUNT is replaced by NEWSROOM_TRUSTED_PROXIES: "
        "list the proxies' addresses instead (e.g. NEWSROOM_TRUSTED_PROXIES="
        "127.0.0.1 for nginx on the same machine), and unset the old setting."
    )
if _ssl_header and not NEWSROOM_TRUSTED_PROXIES:
    raise ImproperlyConfigured(
        "SECURE_PROXY_SSL_HEADER is read only from trusted proxies: set "
        "NEWSROOM_TRUSTED_PROXIES to the TLS proxy's address (e.g. 127.0.0.1)."
    )

# With a read replica (DATABASE_REPLICA_URL): seconds after a change to published
# content during which readers' pages are read from the primary, so none is
# rendered (and cached) from a replica that hasn't caught up. Longer than the
# replica's worst lag; needs the shared cache (REDIS_URL) with several servers.
NEWSROOM_REPLICA_LAG_SECONDS = env.int("NEWSROOM_REPLICA_LAG_SECONDS", default=10)

# Image uploads (images/fields.py): largest file in bytes, and largest image in
# pixels (width × height), checked before decoding so decompression bombs fail fast.
NEWSROOM_MAX_UPLOAD_SIZE = env.int("NEWSROOM_MAX_UPLOAD_SIZE", default=20 * 1024 * 1024)
NEWSROOM_MAX_IMAGE_PIXELS = env.int("NEWSROOM_MAX_IMAGE_PIXELS", default=90_000_000)

# PostgreSQL text-search configuration (language) for site search, e.g. "spanish".
# After changing it, run `manage.py rebuild_search_index`.
NEWSROOM_SEARCH_CONFIG = env.str("NEWSROOM_SEARCH_CONFIG", default="english")
# Longest a search may take (seconds) before readers are asked to narrow it.
NEWSROOM_SEARCH_TIMEOUT = env.float("NEWSROOM_SEARCH_TIMEOUT", default=3.0)

# Full-page cache for anonymous readers (the pagecache app), in the shared
# cache: the longest a copy is kept and the max-age CDNs get (0 turns it off),
# and how long a CDN may serve a copy while fetching a fresh one.
NEWSROOM_PAGE_CACHE_SECONDS = env.int("NEWSROOM_PAGE_CACHE_SECONDS", default=60)
NEWSROOM_PAGE_CACHE_STALE_SECONDS = env.int(
    "NEWSROOM_PAGE_CACHE_STALE_SECONDS", default=30
)
# How long shared caches in front (the nginx micro-cache, a CDN) keep a page
# before asking again (s-maxage): a change shows there within this. Asking
# again costs little: the app answers from its page cache, or with a 304.
NEWSROOM_SHARED_CACHE_SECONDS = env.int("NEWSROOM_SHARED_CACHE_SECONDS", default=5)
NEWSROOM_PAGE_CACHE_ALIAS = "default"

# The article form's autosave (articles/admin_autosave.py): seconds of typing
# between autosaves, the largest autosave request in bytes, and how many days an
# autosave nobody restored or discarded is kept.
NEWSROOM_AUTOSAVE_SECONDS = env.int("NEWSROOM_AUTOSAVE_SECONDS", default=15)
NEWSROOM_AUTOSAVE_MAX_BYTES = env.int("NEWSROOM_AUTOSAVE_MAX_BYTES", default=1_000_000)
NEWSROOM_AUTOSAVE_RETENTION_DAYS = env.int(
    "NEWSROOM_AUTOSAVE_RETENTION_DAYS", default=30
)
# How often (seconds) an open live coverage page asks for new updates; each
# reader adds up to half as much again at random, so polls spread out.
NEWSROOM_LIVE_POLL_SECONDS = env.int("NEWSROOM_LIVE_POLL_SECONDS", default=20)

# Browser features no page uses, turned off (the Permissions-Policy header).
NEWSROOM_PERMISSIONS_POLICY = (
    "camera=(), geolocation=(), microphone=(), payment=(), usb=()"
)

# Logs go to standard error: one JSON object per line (LOG_FORMAT=json, the default
# with DEBUG off) or plain text. Each request is logged by newsroom.request at INFO
# (method, path, status, duration_ms, request_id); LOG_LEVEL sets the rest.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "newsroom.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "newsroom.logging.JSONFormatter"},
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {
        # The development server logs requests itself.
        "newsroom.request": {"level": "WARNING" if DEBUG else "INFO"},
    },
}
