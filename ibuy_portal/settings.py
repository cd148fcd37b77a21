"""Settings of the iBuy portal, read from the environment.

Every variable is listed with a one-line comment in `.env.example`. The defaults are safe: `DEBUG` is off
unless switched on, and without `DEBUG` the portal refuses to start with no real `SECRET_KEY`.
"""

import importlib.util
import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from ibuy_portal.env import check_operator, env_bool, env_int, env_list, env_seconds, env_str
from ibuy_portal.log import formatter_path as log_formatter_path

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = env_bool("DEBUG")

# A development key only ever exists with DEBUG on; production must bring its own.
_DEV_SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see .env.example).")
    SECRET_KEY = _DEV_SECRET_KEY
elif not DEBUG and (SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    # The same bar as Django's deployment check (security.W009).
    raise ImproperlyConfigured("SECRET_KEY is too weak for production: use at least 50 random characters.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
# Origins (scheme and host) trusted for form posts, e.g. https://ibuy.example.eu, when a proxy changes the host.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_countries",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    # The project package: connects the page cache to content changes (ibuy_portal/apps.py).
    "ibuy_portal",
    # The portal's own apps, from the base up (see README: Where things are).
    "publishing",
    "partners",
    "practices",
    "library",
    # Feature apps on top of the content apps.
    "glance",
    "search",
    "alerts",
    "api",
    "demo",
    "opendata",
]

MIDDLEWARE = [
    # One log line per request with its duration, around everything else (static files included).
    "ibuy_portal.middleware.RequestLogMiddleware",
    # The Permissions-Policy header on every answer, error pages and files included.
    "ibuy_portal.middleware.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # A body larger than REQUEST_MAX_BODY_BYTES is refused with 413 before anything reads it (inside the security
    # headers' middleware, so the refusal carries them).
    "ibuy_portal.middleware.RequestSizeLimitMiddleware",
    # A plain 503 page when the database does not answer; the next request reconnects by itself.
    "ibuy_portal.middleware.DatabaseUnavailableMiddleware",
    # CORS and 304 Not Modified on the read-only API's answers, those from the page cache included (api/middleware.py).
    "api.middleware.ApiMiddleware",
    # The first visit to / in a browser that prefers one of the partners' languages goes to that language's home.
    # Outside the page cache, which keeps the English home for everyone else.
    "ibuy_portal.i18n.FirstVisitLanguageMiddleware",
    # Whole public pages for anonymous visitors; outside the session, so a hit touches neither session nor database.
    "ibuy_portal.page_cache.PageCacheMiddleware",
    # Sends staff's reads to the primary database when a read replica is configured.
    "ibuy_portal.db_routers.PrimaryForStaffMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language of each page comes from its address alone (/lt/..., English unprefixed): no cookie, no header
    # (ibuy_portal/i18n.py). After the session, before anything that resolves URLs (common, the views).
    "ibuy_portal.i18n.PathLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change in the content's history.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Answers a locked-out login with the lockout page; django-axes wants it last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ibuy_portal.urls"

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
                "ibuy_portal.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "ibuy_portal.wsgi.application"

# SQLite in the project folder is the embedded default; production sets DATABASE_URL to PostgreSQL.
# Health checks close a broken connection at the start of the next request, so the portal recovers by itself when
# the database comes back.
DATABASE_CONN_MAX_AGE = env_int("DATABASE_CONN_MAX_AGE", 0)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=DATABASE_CONN_MAX_AGE,
        conn_health_checks=True,
    )
}
# A read replica (for example a managed PostgreSQL's): anonymous visitors' reads go there, every write and every
# staff request to the primary (see ibuy_portal/db_routers.py). Tests mirror it onto the primary.
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL"), conn_max_age=DATABASE_CONN_MAX_AGE, conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["ibuy_portal.db_routers.ReplicaRouter"]

# django-axes counts failed logins first; five in a row for one account from one address lock it for an hour.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Gives the lead partner's staff publishing's "publish" permission: they are the secretariat.
    "partners.backends.LeadPartnerBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Which partner a staff account works for (publishing names no other app; unset, no account works for one).
PUBLISHING_PARTNER_OF = "partners.access.partner_of"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "publishing.access.lockout_response"
AXES_VERBOSE = False  # no banner on every command
# django-axes stores the user name of a failed sign-in in a 255-character column: longer ones are cut, not a 500.
AXES_USERNAME_CALLABLE = "publishing.access.axes_username"
# Behind N proxies (load balancer, CDN) the visitor's address is the N-th from the right in X-Forwarded-For;
# entries further left come from the visitor and are never trusted. 0: the connection's own address.
AXES_IPWARE_PROXY_COUNT = env_int("AXES_IPWARE_PROXY_COUNT", 0)
# Only a real IP address counts (ibuy_portal/client_ip.py): anything else falls back to the connection's address.
AXES_CLIENT_IP_CALLABLE = "ibuy_portal.client_ip.client_ip"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The portal in the partners' languages (README 'Languages'): English at the plain addresses, each other language
# under its prefix (/lt/practices/). Each name is written in its own language, as the language switcher shows it.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("lt", "Lietuvių"),
    ("es", "Español"),
    ("ca", "Català"),
    ("fi", "Suomi"),
    ("ro", "Română"),
    ("el", "Ελληνικά"),
    ("lv", "Latviešu"),
    ("pt", "Português"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates as each language writes them; only where Django's own formats do not suit the portal (ibuy_portal/formats).
FORMAT_MODULE_PATH = ["ibuy_portal.formats"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")

# Uploads (see publishing/uploads.py). The web server in front should refuse bodies above ~25 MB before Django
# reads them; these limits then give the editor a clear message on the form.
UPLOAD_MAX_IMAGE_BYTES = 5 * 1024 * 1024
UPLOAD_MAX_IMAGE_PIXELS = 40_000_000  # checked from the header, before anything is decoded
UPLOAD_MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger uploads are streamed to a temporary file, not held in memory
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # the form's other fields, files excluded
FILE_UPLOAD_PERMISSIONS = 0o644

# --- Request size (ibuy_portal/middleware.py RequestSizeLimitMiddleware) ---
# The largest body the portal reads: the largest upload (a document) plus a margin for the form's other fields and
# a few images in the same form. Anything larger gets 413 before it is read; the proxy in front should refuse the
# same (nginx `client_max_body_size 25m;`, see README "Production").
REQUEST_MAX_BODY_BYTES = env_int("REQUEST_MAX_BODY_BYTES", UPLOAD_MAX_DOCUMENT_BYTES + 5 * 1024 * 1024)
# --- end of request size ---

# Uploaded files: on object storage (S3 or compatible, through django-storages) when a bucket is named, so no app
# host keeps them on its own disk; otherwise in MEDIA_ROOT, served by ibuy_portal/media.py with safe headers.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    # Credentials come from the usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables or the host's role.
    _REGION = env_str("AWS_S3_REGION_NAME")
    _ENDPOINT = env_str("AWS_S3_ENDPOINT_URL")  # for S3-compatible storage outside AWS
    _CUSTOM_DOMAIN = env_str("AWS_S3_CUSTOM_DOMAIN")  # a CDN in front of the bucket
    _MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "region_name": _REGION or None,
            "endpoint_url": _ENDPOINT or None,
            "custom_domain": _CUSTOM_DOMAIN or None,
            "location": env_str("AWS_LOCATION"),
            # Signed, expiring links unless the bucket (or its CDN domain) is public.
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", True),
            "default_acl": None,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "max-age=86400"},
        },
    }
    # Where pages load uploaded images from, for the Content Security Policy below.
    if _CUSTOM_DOMAIN:
        MEDIA_ORIGINS = [f"https://{_CUSTOM_DOMAIN}"]
    elif _ENDPOINT:
        MEDIA_ORIGINS = ["/".join(_ENDPOINT.split("/")[:3])]
    else:
        MEDIA_ORIGINS = [f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"]
        if _REGION:
            MEDIA_ORIGINS.append(f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{_REGION}.amazonaws.com")
else:
    _MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    MEDIA_ORIGINS = []

STORAGES = {
    "default": _MEDIA_STORAGE,
    # Hashed, compressed files in production; plain files while developing, so no collectstatic is needed.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The map's covering index keeps the slug in it on PostgreSQL (INCLUDE); SQLite, which has no such columns, builds
# the same index without it, which is all the embedded database needs: its warning at every command says nothing new.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# The seven partners' countries are shown by their common English names.
COUNTRIES_FIRST_REPEAT = False

# Everything to standard output, one line per record: a line per request from ibuy_portal.middleware, and every
# error (django.request) with the request's method, path and user kind. LOG_FORMAT=json writes each record as one
# JSON object instead, the request's id, status and duration as fields (ibuy_portal/log.py).
try:
    _LOG_FORMATTER = log_formatter_path(env_str("LOG_FORMAT", "plain"))
except ValueError as error:
    raise ImproperlyConfigured(str(error)) from None
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"()": _LOG_FORMATTER}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "line"}},
    "root": {"handlers": ["stdout"], "level": env_str("LOG_LEVEL", "INFO")},
    # Django's own console handler only logs with DEBUG on; the root logger above takes its records instead.
    "loggers": {"django": {"handlers": [], "level": env_str("LOG_LEVEL", "INFO"), "propagate": True}},
}

# --- Disallowed hosts: one warning line each ---
# Scanners send any Host header; Django logs each as an ERROR with a traceback. ibuy_portal.log.OneWarningLine
# turns the record into a single WARNING line (the request's own line follows, with its 400).
LOGGING["filters"] = {"one_warning_line": {"()": "ibuy_portal.log.OneWarningLine"}}
LOGGING["loggers"]["django.security.DisallowedHost"] = {"filters": ["one_warning_line"], "propagate": True}
# --- end of disallowed hosts ---

# Caches. The page cache ("pages") keeps whole public pages for anonymous visitors, PAGE_CACHE_SECONDS at most
# (0 turns it off), and is emptied as soon as content changes (ibuy_portal/page_cache.py). With REDIS_URL every
# process and host shares it; without, each process has its own memory, and a change made through another process
# shows there after PAGE_CACHE_SECONDS at the latest.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0 if DEBUG else 300)
# After a change, the first request for a page rebuilds it while the others get its previous copy, for at most
# this many seconds after the change (no stampede of every worker rebuilding the same page); 0: none waits.
PAGE_CACHE_STALE_SECONDS = env_seconds("PAGE_CACHE_STALE_SECONDS", 2)
REDIS_URL = env_str("REDIS_URL")


# --- Cache time bounds and circuit breaker (ibuy_portal/page_cache.py) ---
# Seconds to open a connection to Redis and to wait for each answer; a page waits at most about their sum.
CACHE_CONNECT_TIMEOUT = env_seconds("CACHE_CONNECT_TIMEOUT", 0.25)
CACHE_READ_TIMEOUT = env_seconds("CACHE_READ_TIMEOUT", 0.25)
# After a cache failure, each process answers without the page cache for this many seconds before trying again.
CACHE_RETRY_AFTER_SECONDS = env_seconds("CACHE_RETRY_AFTER_SECONDS", 30)
# --- end of cache time bounds ---

if REDIS_URL:
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"ibuy-{alias}",
            "TIMEOUT": PAGE_CACHE_SECONDS or 300,
            # A Redis that accepts connections but does not answer must not hold up pages (see below).
            "OPTIONS": {"socket_connect_timeout": CACHE_CONNECT_TIMEOUT, "socket_timeout": CACHE_READ_TIMEOUT},
        }
        for alias in ("default", "pages")
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ibuy-default"},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "ibuy-pages",
            "TIMEOUT": PAGE_CACHE_SECONDS or 300,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }

# Rendered cards and search's vocabulary are kept in each process's own memory: cheap to rebuild, keyed by the
# content generation, and a lost Redis must not turn them into errors.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "ibuy-fragments",
    "TIMEOUT": 600,
    "OPTIONS": {"MAX_ENTRIES": 5000},
}

# Security: Django's deployment checklist (`manage.py check --deploy` passes with no warning in production).
# Behind a proxy that ends TLS, SECURE_PROXY_SSL_HEADER names the header it sets, e.g. X-Forwarded-Proto.
_PROXY_SSL_HEADER = env_str("SECURE_PROXY_SSL_HEADER").upper().replace("-", "_")
if _PROXY_SSL_HEADER:
    SECURE_PROXY_SSL_HEADER = (f"HTTP_{_PROXY_SSL_HEADER}", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)  # 0 only for plain http on loopback
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers check each host over plain http
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# --- Permissions-Policy (ibuy_portal/middleware.py PermissionsPolicyMiddleware) ---
# No page of the portal uses any of these browser features: none may be used by it or by anything it embeds.
PERMISSIONS_POLICY = [
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
]
# --- end of Permissions-Policy ---
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True  # no page reads the token from JavaScript

# Content Security Policy (django-csp): only the portal's own files; no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *MEDIA_ORIGINS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Development only: django-debug-toolbar (requirements-dev.txt), with DEBUG on and the package installed, never with
# DEBUG off and never under the tests (pytest sets PYTEST_VERSION, as the toolbar's documentation suggests checking;
# `manage.py test` is the other way in). DEBUG_TOOLBAR=0 switches it off, e.g. for screenshots. Its URLs are added
# in ibuy_portal/urls.py only when this is on.
DEBUG_TOOLBAR = (
    DEBUG
    and env_bool("DEBUG_TOOLBAR", True)
    and "PYTEST_VERSION" not in os.environ
    and sys.argv[1:2] != ["test"]
    and importlib.util.find_spec("debug_toolbar") is not None
)
if DEBUG_TOOLBAR:
    INSTALLED_APPS = [*INSTALLED_APPS, "debug_toolbar"]
    # First, as its documentation asks (no middleware here encodes the response, which would have to come before).
    MIDDLEWARE = ["debug_toolbar.middleware.DebugToolbarMiddleware", *MIDDLEWARE]
    INTERNAL_IPS = ["127.0.0.1", "::1"]

# E-mail: the workflow's messages (publishing/notifications.py) go through Django's e-mail framework. In development
# they are printed on the console; in production they go through the SMTP server named by the environment (the
# tests use the in-memory outbox, ibuy_portal/test_settings.py). PORTAL_BASE_URL is the portal's public origin, for
# the absolute links in the messages (default: the first of ALLOWED_HOSTS over https, or the development server).
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)  # seconds; a mail server that hangs must not hold a step's request
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "iBuy portal <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
PORTAL_BASE_URL = env_str(
    "PORTAL_BASE_URL", "http://127.0.0.1:8000" if DEBUG or not ALLOWED_HOSTS else f"https://{ALLOWED_HOSTS[0]}"
)

# ---------- The body responsible for the portal (its operator) ----------
# No source says who runs this portal, so the operator is the deployment's to name: the accessibility statement
# and the footer show it, and without it they say that it has not been named (`check --deploy` warns, ibuy.W001).
# The contact is an e-mail address or an http(s) address; anything else stops the start with the variable's name.
PORTAL_OPERATOR_NAME = env_str("PORTAL_OPERATOR_NAME")
PORTAL_OPERATOR_CONTACT = env_str("PORTAL_OPERATOR_CONTACT")


check_operator(PORTAL_OPERATOR_NAME, PORTAL_OPERATOR_CONTACT)

# ---------- Open data (opendata/, README 'Open data') ----------
# The licence of the portal's data is the operator's decision: its address and name, as the catalogue, the data
# package and the open-data page state it. Without an address they say that no licence has been stated.
OPEN_DATA_LICENCE_URL = env_str("OPEN_DATA_LICENCE_URL")
OPEN_DATA_LICENCE_NAME = env_str("OPEN_DATA_LICENCE_NAME")
# Where the bulk download's archive is kept between changes to the content (rebuilt on the next request after one).
OPEN_DATA_ROOT = Path(env_str("OPEN_DATA_ROOT") or BASE_DIR / "open-data")
TEMPLATES[0]["OPTIONS"]["context_processors"].append("ibuy_portal.context_processors.portal_operator")
