"""Conóceles settings: one module, configured by environment variables.

Defaults give a working development site with nothing installed: SQLite, local-memory cache,
e-mail to the console and tasks run immediately. Production sets DATABASE_URL (PostgreSQL),
CACHE_URL (Redis), SECRET_KEY, ALLOWED_HOSTS and DEBUG=false; see docs/despliegue.md.
"""

import os
import re
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("CONOCELES_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "si", "sí", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# DEMO=true (`make run`): the demo as a visitor meets it, not a debug console. DEBUG is off unless set (errors show the
# site's own Spanish pages) with local defaults no production server gets, since none sets DEMO: a secret key of its
# own kept in VAR_DIR, plain HTTP (no HTTPS redirect, HSTS or secure-only cookies), static files served by WhiteNoise
# straight from the source folders (no collectstatic) and the public media by Django. Never set DEMO in production.
DEMO = env_bool("DEMO", False)
DEBUG = env_bool("DEBUG", not DEMO)
# The HTTPS-only settings below: production, that is neither development (DEBUG) nor the demo.
HTTPS_ONLY = not DEBUG and not DEMO


def demo_secret_key() -> str:
    """A random key made once for this installation's demo and kept in VAR_DIR (never in the repository)."""
    path = VAR_DIR / "demo-secret-key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEMO:
        SECRET_KEY = demo_secret_key()
    elif not DEBUG:
        raise RuntimeError("SECRET_KEY es obligatoria cuando DEBUG=false.")
    else:
        SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
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
    "simple_history",
    "django_tasks",
    "conoceles.core.apps.TasksDatabaseConfig",  # django_tasks_db, named in Spanish in Gestión
    "conoceles.core.apps.AxesConfig",  # axes, idem
    "django_otp",
    "conoceles.core.apps.TOTPConfig",  # django_otp.plugins.otp_totp, idem
    "conoceles.core",
    "conoceles.accounts",
    "conoceles.elections",
    "conoceles.candidacies",
    "conoceles.questionnaires",
    "conoceles.review",
    "conoceles.imports",
    "conoceles.public",
    "conoceles.screening",
    "conoceles.notifications",
    "conoceles.opendata",
    "conoceles.evaluation",  # the rubric of the informe final and the reviewers' scores
    "conoceles.reports",  # avance cuantitativo, omisos, informe final, informe mensual (PDF + XLSX, kept)
    "conoceles.lifecycle",  # end of publication, archive, bloqueo and cancelación of a process's data, on its dates
    "conoceles.arco",  # the candidates' ARCO requests (acceso, cancelación, oposición) and the staff's queue
    "conoceles.gestion",  # the administration's dashboard and process settings (in the site's look)
    "conoceles.api",  # the public API (/api/v1/): at the top, with `public`
    "conoceles.snapshot",  # the public site as static files, rebuilt incrementally (docs/despliegue.md)
    "conoceles.demo",  # the demo election (manage.py demo, demo_files): after the apps it fills
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "conoceles.core.middleware.CompressedTextMiddleware",  # last on the way out: what the caches below keep is plain
    "conoceles.api.middleware.ApiMiddleware",  # /api/v1/: no cookies, CORS, rate limit, the public cache
    "conoceles.public.caching.PublicSiteMiddleware",  # before the session: a cached public page costs no query
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "conoceles.core.middleware.PrivateResponsesMiddleware",  # signed in: Cache-Control private, no-store
    "django_otp.middleware.OTPMiddleware",
    "conoceles.accounts.middleware.AccountPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "conoceles.urls"
WSGI_APPLICATION = "conoceles.wsgi.application"

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
                "conoceles.core.context_processors.institute",
                "conoceles.notifications.context_processors.unread_notifications",
                "conoceles.public.context_processors.public_archive",
                "conoceles.gestion.processes.processes",  # after public_archive: staff pages answer it for free
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'conoceles.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers go on while an import writes; a busy timeout instead of "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        # temp_store=FILE: an import's temporary tables stay on disk, not in the process's memory. mmap_size: pages
        # are read through a memory map (up to 2 GiB of the file) instead of a read() into SQLite's small page cache
        # each; a search's cards, 20 random candidacies with their large curricular rows, take half the time.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA temp_store=FILE; PRAGMA mmap_size=2147483648;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    # Persistent connections (DB_CONN_MAX_AGE) with SQLite too: a new connection parses the whole schema before its
    # first query, a few milliseconds of every request otherwise. Between requests it holds no lock (autocommit).
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and os.environ.get(
    "DB_PREPARED_STATEMENTS", "true"
).lower() not in ("0", "false", "no"):
    # Prepared statements (docs/despliegue.md): a query a connection runs a third time is prepared on the server,
    # and PostgreSQL then skips planning it when a generic plan is as good. The profile's fórmula query (the
    # publication gate's six tables) takes 1 ms to plan and 0.1 ms to run. Needs server-side binding; off
    # (DB_PREPARED_STATEMENTS=false) behind a pooler in transaction mode, where a prepared statement may not exist on
    # the next server connection.
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "server_side_binding": True,
        "prepare_threshold": 2,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out credentials before checking them
    "django.contrib.auth.backends.ModelBackend",
]

# Login security (docs/despliegue.md): lockout after repeated failures, TOTP for institute roles, short sessions.
# Two lockouts (conoceles.accounts.lockout): one username from one address after LOGIN_FAILURE_LIMIT failures, and
# one username from every address after LOGIN_USERNAME_FAILURE_LIMIT failures made from any addresses together.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_USERNAME_FAILURE_LIMIT = max(int(os.environ.get("LOGIN_USERNAME_FAILURE_LIMIT", "10")), LOGIN_FAILURE_LIMIT)
AXES_FAILURE_LIMIT = "conoceles.accounts.lockout.failure_limit"
AXES_COOLOFF_TIME = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")) / 60  # hours
# The login log (accounts.LoginEvent, django-axes' access logs) is kept this many days, then deleted by the daily
# lifecycle job (conoceles.lifecycle.sensitive.login_log_purge); docs/manual/bloqueo-y-cancelacion.md says why 365.
LOGIN_LOG_RETENTION_DAYS = max(1, int(os.environ.get("LOGIN_LOG_RETENTION_DAYS", "365")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Behind a reverse proxy (nginx), the client's address is in X-Forwarded-For: say how many proxies to trust, or
# every login would seem to come from the proxy and the lockout would work per user name only. One function reads
# it (conoceles.core.http.client_ip) for the lockout, the reset-mail cap and the login log.
TRUSTED_PROXY_COUNT = max(0, int(os.environ.get("TRUSTED_PROXY_COUNT", "0")))
AXES_CLIENT_IP_CALLABLE = "conoceles.core.http.client_ip"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # Gestión never shows an authenticator's secret key
TWO_FACTOR_ROLES = env_list("TWO_FACTOR_ROLES", "admin,reviewer,analyst")
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Conóceles")
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "120")) * 60
SESSION_SAVE_EVERY_REQUEST = True  # the age counts from the last request: an idle session expires
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_HOURS", "24")) * 3600
# «Olvidé mi contraseña» links per hour (conoceles.accounts.throttling): to one address, and asked from one address.
PASSWORD_RESET_EMAIL_LIMIT = int(os.environ.get("PASSWORD_RESET_EMAIL_LIMIT", "3"))
PASSWORD_RESET_IP_LIMIT = int(os.environ.get("PASSWORD_RESET_IP_LIMIT", "20"))

CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith("redis"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The public site's cache (conoceles.public.caching): server-side seconds, and what browsers are told.
PUBLIC_CACHE_ENABLED = env_bool("PUBLIC_CACHE_ENABLED", True)
PUBLIC_CACHE_SECONDS = int(os.environ.get("PUBLIC_CACHE_SECONDS", "600"))
PUBLIC_MAX_AGE = int(os.environ.get("PUBLIC_MAX_AGE", "60"))
PUBLIC_STALE_WHILE_REVALIDATE = int(os.environ.get("PUBLIC_STALE_WHILE_REVALIDATE", "60"))
# The log where nginx writes each page it serves from the snapshot (deploy/nginx/conoceles.conf, @VISITS_LOG@):
# flush_visits counts them (conoceles.public.visits). Empty: Django serves every page and counts it itself.
VISITS_LOG = os.environ.get("VISITS_LOG", "")
# The task worker moves the visits counted in the cache to the database every this many minutes
# (conoceles.public.tasks).
VISITS_FLUSH_MINUTES = max(1, int(os.environ.get("VISITS_FLUSH_MINUTES", "5")))
# The public API (conoceles.api): requests per window from one address, "N/SECONDS"; "0" turns the limit off.
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "600/60")
# Public statistics: a cross-tabulation cell with 1 to k-1 candidacies is suppressed (DOMAIN.md §6).
STATISTICS_MIN_CELL = int(os.environ.get("STATISTICS_MIN_CELL", "5"))
STATISTICS_CACHE_SECONDS = int(os.environ.get("STATISTICS_CACHE_SECONDS", "300"))  # recomputed at most this often
# Public identity statistics change only at a cut every this many days (midnight; 7 = every Monday), randomly rounded
# to multiples of 5 (docs/estadisticas.md).
STATISTICS_CUT_DAYS = max(1, int(os.environ.get("STATISTICS_CUT_DAYS", "7")))
# The administration is reminded of each open deliverable this many days before its due date (gestion.services,
# `manage.py send_deliverable_reminders`, daily).
DELIVERABLE_REMINDER_DAYS = [max(0, int(days)) for days in env_list("DELIVERABLE_REMINDER_DAYS", "7,1")]
# The administration is told of each lifecycle step of a process (end of publication, archive, bloqueo, cancelación)
# this many days before its date, with the step's dry run (conoceles.lifecycle, `manage.py lifecycle`, daily).
LIFECYCLE_NOTICE_DAYS = [max(0, int(days)) for days in env_list("LIFECYCLE_NOTICE_DAYS", "14,3")]

TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[os.environ.get("TASKS_BACKEND", "immediate")]
    }
}

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if env_bool("FAST_PASSWORD_HASHER", False):  # tests only: argon2 is deliberately slow
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "es-mx"
LANGUAGES = [("es-mx", "Español (México)")]
TIME_ZONE = os.environ.get("TIME_ZONE", "America/Mexico_City")
USE_I18N = True
# Spanish for what Django's and the third-party apps' catalogs leave in English or get wrong in Gestión (compile with
# `msgfmt -o django.mo django.po` in locale/es_MX/LC_MESSAGES after editing).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if HTTPS_ONLY
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if DEMO:  # WhiteNoise serves the files where they are (runserver's own static serving needs DEBUG)
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True
# Public media (emblems, later photos) is served under MEDIA_URL; uploaded import files and
# consent evidence live in PRIVATE_MEDIA_ROOT, which no URL serves.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
# Open-data releases: written once, never changed; served by the site (or nginx) under /datos-abiertos/.
OPEN_DATA_ROOT = Path(os.environ.get("OPEN_DATA_ROOT", VAR_DIR / "datos-abiertos"))
# The public site as static files (conoceles.snapshot): SNAPSHOT_ROOT/current is what nginx or a CDN serves.
SNAPSHOT_ROOT = Path(os.environ.get("SNAPSHOT_ROOT", VAR_DIR / "sitio"))
# Processes that render the snapshot's pages in a full build (manage.py build_snapshot --workers overrides it).
SNAPSHOT_WORKERS = int(os.environ.get("SNAPSHOT_WORKERS", str(min(4, os.cpu_count() or 1))))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_UPLOAD_BYTES = int(os.environ.get("IMPORT_MAX_UPLOAD_BYTES", str(200 * 1024 * 1024)))
# An import job whose background task shows no sign of life for this long is taken as dead (the worker stopped or
# never ran) and ends as failed on its page.
IMPORT_STALL_MINUTES = int(os.environ.get("IMPORT_STALL_MINUTES", "30"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "conoceles@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "15"))
# The address of the site in links of messages sent without a request (notifications, reminders).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# History is read-only in Gestión: reverting would bypass the rules of substitutions and statuses.
SIMPLE_HISTORY_REVERT_DISABLED = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS_ONLY:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading binds every subdomain of the institute's domain to HTTPS in browsers for good:
        # an opt-in decision for whoever runs the domain, so leaving it off is not a deploy warning.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Content Security Policy (django-csp 4): nothing from third parties, no inline scripts. Inline style attributes
# are allowed (progress bars, Django's admin); images may be data: URIs (the TOTP QR code).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}


def env_color(name: str, default: str) -> str:
    """A #RRGGBB colour (it goes into CSS); anything else falls back to the default."""
    value = os.environ.get(name, default).strip()
    return value if re.fullmatch(r"#[0-9A-Fa-f]{6}", value) else default


# What the institute is called, how it looks and its public contact (templates read it as `institute`;
# see docs/despliegue.md).
INSTITUTE = {
    "name": os.environ.get("INSTITUTE_NAME", "Instituto Electoral de Quintana Roo (demostración)"),
    "short_name": os.environ.get("INSTITUTE_SHORT_NAME", "IEQROO"),
    "primary_color": env_color("INSTITUTE_PRIMARY_COLOR", "#6b1d4f"),
    "secondary_color": env_color("INSTITUTE_SECONDARY_COLOR", "#f1f1f1"),
    # A static path (conoceles/img/...) or an absolute https URL of the logo; empty: no logo.
    "logo": os.environ.get("INSTITUTE_LOGO", "conoceles/img/institute-logo.svg"),
    "website": os.environ.get("INSTITUTE_WEBSITE", "https://example.org"),
    "email": os.environ.get("INSTITUTE_EMAIL", "contacto@example.org"),
    "phone": os.environ.get("INSTITUTE_PHONE", "000 000 0000"),
    "address": os.environ.get("INSTITUTE_ADDRESS", "Domicilio del instituto (demostración), Chetumal, Quintana Roo"),
    "accessibility_email": os.environ.get("INSTITUTE_ACCESSIBILITY_EMAIL", "accesibilidad@example.org"),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        # One line per task state change is noise; failures are logged as errors.
        "django_tasks": {"level": os.environ.get("TASKS_LOG_LEVEL", "WARNING")},
    },
}
