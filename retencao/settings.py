"""Settings, all from the environment (see .env.example for every variable).

Safe by default: DEBUG is off unless asked for, SECRET_KEY is required to serve outside DEBUG,
SQLite in the project folder when DATABASE_URL is unset.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "sim"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
# Empty outside DEBUG when unset: the app servers (wsgi/asgi, hence runserver too) refuse to
# start (retencao.startup.require_secret_key); commands such as makemigrations or
# parse_form need no key.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "django_htmx",
    "retencao.apps.TasksConfig",  # django_tasks_db and axes, named in Portuguese
    "retencao.apps.AxesConfig",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "cases",
    "formio",
    "imports",
    "audit",
    "downloads",
    "reports",
    "substitutions",
    "api",
    "webhooks",
    "inbox",
    "notifications",
    "comments",
    "quick",
    "worklist",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.session_refresh",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.no_store_when_signed_in",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "cases.middleware.NotFoundPage",
    # Last, as django-axes asks: it turns a locked-out log-in into the Portuguese page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "retencao.urls"
WSGI_APPLICATION = "retencao.wsgi.application"

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
                "django.template.context_processors.csp",
                "accounts.context_processors.access",
                "substitutions.context_processors.counts",
                "inbox.context_processors.counts",
                "notifications.context_processors.counts",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
SQLITE = DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
if SQLITE:
    # WAL and a busy timeout let the web server and a worker share the file; reading it
    # memory-mapped halves the queue's search scans (no copy of each page). A checkpoint
    # every 10,000 WAL pages (a 40 MB log) instead of SQLite's 1,000: an imported form
    # writes ~75 pages, mostly the same hot ones (indexes' last leaves, the dashboard's
    # facts), and each checkpoint copies them back to the file once, with an fsync.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA wal_autocheckpoint=10000; "
            f"PRAGMA mmap_size={env_int('SQLITE_MMAP_BYTES', 512 * 1024 * 1024)};"
        ),
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id (memory-hard, OWASP's first choice, with OWASP's parameters) for new and changed
# passwords; PBKDF2 hashes of earlier installs still log in and are re-hashed at that log-in.
PASSWORD_HASHERS = [
    "accounts.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.AddressLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Brute force: after AXES_FAILURE_LIMIT wrong passwords for one user from one address, that
# pair waits AXES_COOLOFF_MINUTES (django-axes; the lock-out page is in Portuguese); after
# AXES_ADDRESS_FAILURE_LIMIT wrong passwords from one address, whatever the users, the whole
# address waits (accounts.backends: one password tried on every user).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 0)

REST_FRAMEWORK = {
    # JSON only: the browsable API would need inline scripts, which the CSP forbids.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": os.environ.get("API_RATE", "600/minute")},
    "EXCEPTION_HANDLER": "api.exceptions.handle",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# The OpenAPI document of the API (/api/schema/, /api/docs/); Swagger UI's files come from
# the drf-spectacular-sidecar package, nothing from a CDN.
SPECTACULAR_SETTINGS = {
    "TITLE": "API do Retenção",
    "DESCRIPTION": "Casos de retenção de prestadores: o formulário no formato de intercâmbio "
    "(case.schema.json), com as mesmas regras, permissões e histórico das telas. Erros sempre "
    'em português, no formato {"erros": {"campo": ["mensagem"]}}. Veja docs/api.md.',
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/",
    "POSTPROCESSING_HOOKS": [],  # the enums stay where case.schema.json puts them
}

# Password reset by e-mail (Django's views): a link valid for an hour, at most
# PASSWORD_RESET_LIMIT requests an hour per address and per e-mail (accounts.throttle).
PASSWORD_RESET_TIMEOUT = 60 * 60
PASSWORD_RESET_LIMIT = env_int("PASSWORD_RESET_LIMIT", 5)

# Outgoing e-mail (password reset links), through an SMTP server (Django 6.1's MAILERS,
# from the EMAIL_* variables of .env.example).
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS"),
            "timeout": 20,
        },
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Retenção <nao-responda@localhost>")
# Where the site is seen from outside: the links of e-mails sent without a request
# (the daily digest of `manage.py send_reminders`).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Shared by every app server (a table in the database, made by accounts' migration 0002):
# the API rate limit and the password reset counters hold across servers.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "retencao_cache",
        # Django's 300 would cull live counters (one per API user) once there are more
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    }
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# The 8 hours count from the last click, not the log-in: accounts.middleware.session_refresh
# moves the expiry forward at most every SESSION_REFRESH_SECONDS (not a write per request).
SESSION_REFRESH_SECONDS = env_int("SESSION_REFRESH_SECONDS", 5 * 60)

# Content-Security-Policy (Django's own): scripts and styles only from our static files;
# no inline script, no inline style, nothing from another origin, no framing.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "pt-br"
LANGUAGES = [("pt-br", "Português (Brasil)")]
TIME_ZONE = "America/Sao_Paulo"
USE_I18N = True
# What Django's admin and the libraries leave in English (or gendered wrong) in Portuguese
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["retencao.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Front-end libraries come from the npm registry at install time (`npm ci`), never a CDN.
VENDOR_DIRS = {"htmx": "htmx.org/dist", "bootstrap": "bootstrap/dist", "chartjs": "chart.js/dist"}
STATICFILES_DIRS += [
    (f"vendor/{name}", BASE_DIR / "node_modules" / path)
    for name, path in VENDOR_DIRS.items()
    if (BASE_DIR / "node_modules" / path).is_dir()
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Files in one upload (Django's default is 100): 200 scanned forms picked at once must pass;
# the import screen says the limit, and a bigger upload gets its message (imports.views).
DATA_UPLOAD_MAX_NUMBER_FILES = 500
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"
# Files attached to a case (comments app): each at most this size
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_MB", 10) * 1024 * 1024

TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Search terms are personal data: no log line keeps a query string (retencao.logs).
    "filters": {"no_query": {"()": "retencao.logs.NoQueryString"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # WeasyPrint narrates every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "django.server": {"filters": ["no_query"]},
        "django.request": {"filters": ["no_query"]},
    },
}

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
