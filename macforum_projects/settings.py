"""Settings for Macforum Projects.

One file for every environment. The defaults give the embedded run (SQLite under var/,
a broker on the file system, DEBUG on); production sets environment variables, listed
in README.md, and nothing else.
"""

from importlib.util import find_spec
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from macforum_projects.env import envbool, envdict, envfloat, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent
# Created, with STATIC_ROOT, when Django starts (macforum_projects.apps), not when this file is read.
VAR_DIR = Path(envstr("MACFORUM_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = envbool("DEBUG", True)
SECRET_KEY = envstr("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "embedded-only-insecure-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "django_htmx",
    "template_partials",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "macforum_projects",
    "engagements",
    "engagements.quotes",
    "engagements.planning",
    "engagements.privacy",
    "dropbox_integration",
    "migration",
    "licensing",
    "licensing.folders",
    "training",
    "training.installation",
    "invoicing",
    "decommission",
    "feedback",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "engagements.two_factor_middleware.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "macforum_projects.urls"
WSGI_APPLICATION = "macforum_projects.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "macforum_projects.context_processors.roles",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'macforum.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 0),
    )
}
# Tests that start a worker process need a test database that process can open too, and
# parallel checkouts need test databases that do not collide: both set by TEST_DATABASE_NAME.
_test_db_name = envstr("TEST_DATABASE_NAME", "")
if _test_db_name:
    DATABASES["default"]["TEST"] = {"NAME": _test_db_name}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while a worker writes; the timeout rides out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "engagements.auth.EmailOrUsernameBackend",
    "engagements.auth.CustomerSignInLinkBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# One-time login links for customer contacts (django-sesame).
SESAME_MAX_AGE = 60 * 60 * 24
SESAME_ONE_TIME = True

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates per language: "5 dec. 2026 12:09" / "5 Dec 2026 12:09", never US style (issue 11).
FORMAT_MODULE_PATH = ["macforum_projects.formats"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"

EMAIL_BACKEND = envstr(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Macforum Projects <projekt@macforum.se>")

# Celery: Redis when REDIS_URL is set, else a broker on the file system so the embedded
# run needs no server. Results are not kept: tasks write their outcome to the database.
REDIS_URL = envstr("REDIS_URL", "")
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # a killed worker's task goes back to the queue
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = envstr("CELERY_TASK_DEFAULT_QUEUE", "macforum")
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    # The folders are made when the Celery app is configured (macforum_projects/celery.py).
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_BEAT_SCHEDULE = {
    "record-worker-heartbeat": {
        "task": "engagements.tasks.record_worker_heartbeat",
        "schedule": 60.0,
    },
    "expire-overdue-quotes": {
        "task": "engagements.quotes.tasks.quotes_expire_overdue",
        "schedule": crontab(hour=0, minute=5),
    },
    "sweep-running-migration-jobs": {
        "task": "migration.bulk_tasks.migration_jobs_sweep_running",
        "schedule": 120.0,
    },
    "draft-weekly-reports": {
        # Monday morning, Europe/Stockholm (CELERY_TIMEZONE).
        "task": "engagements.planning.tasks.weekly_reports_draft",
        "schedule": crontab(day_of_week="mon", hour=6, minute=30),
    },
}

# Dropbox: the real service unless DROPBOX_SANDBOX_URL points at the local sandbox.
DROPBOX_APP_KEY = envstr("DROPBOX_APP_KEY", "macforum-sandbox-app")
DROPBOX_APP_SECRET = envstr("DROPBOX_APP_SECRET", "")
DROPBOX_SANDBOX_URL = envstr("DROPBOX_SANDBOX_URL", "")
DROPBOX_SANDBOX_CA = envstr("DROPBOX_SANDBOX_CA", "")
# The local sandbox (its `manage.py dropbox_sandbox` command) is a development tool: a checkout
# has it, the production image does not (.dockerignore), so it is installed exactly where it exists.
if find_spec("dropbox_sandbox") is not None:
    INSTALLED_APPS.append("dropbox_sandbox")
DROPBOX_TIMEOUT_SECONDS = envint("DROPBOX_TIMEOUT_SECONDS", 100)
# With DROPBOX_SANDBOX_URL set, dropbox_integration's AppConfig points the SDK's hosts at it
# before anything imports `dropbox` (dropbox_integration/sdk_hosts.py).
# Key for encrypting Dropbox refresh tokens at rest (Fernet). Derived from SECRET_KEY when unset.
FIELD_ENCRYPTION_KEY = envstr("FIELD_ENCRYPTION_KEY", "")
# Earlier SECRET_KEYs, comma-separated: sessions and tokens signed (and Dropbox tokens encrypted,
# without FIELD_ENCRYPTION_KEY) under them still work while they are rotated out.
SECRET_KEY_FALLBACKS = envlist("SECRET_KEY_FALLBACKS", [])

# --- Tunables: Dropbox calls, migration throughput and workers, the quote letterhead ---
# Connections in the process's one HTTPS pool to Dropbox, shared by every client and thread.
DROPBOX_MAX_CONNECTIONS = envint("DROPBOX_MAX_CONNECTIONS", 32)
# dropbox_integration.retry: retries for 5xx, dropped connections and write contention, with
# exponential backoff (full jitter) from BASE up to MAX_BACKOFF seconds; retries for 429s, each
# waiting Dropbox's Retry-After; a Retry-After longer than MAX_WAIT is handed back to the caller.
DROPBOX_RETRY_ATTEMPTS = envint("DROPBOX_RETRY_ATTEMPTS", 5)
DROPBOX_RATE_LIMIT_RETRIES = envint("DROPBOX_RATE_LIMIT_RETRIES", 10)
DROPBOX_RETRY_BASE_SECONDS = envfloat("DROPBOX_RETRY_BASE_SECONDS", 0.5)
DROPBOX_RETRY_MAX_BACKOFF_SECONDS = envfloat("DROPBOX_RETRY_MAX_BACKOFF_SECONDS", 30.0)
DROPBOX_RETRY_MAX_WAIT_SECONDS = envfloat("DROPBOX_RETRY_MAX_WAIT_SECONDS", 300.0)
# What a migration's time is estimated at (the quote's and the scan's estimate alike) until a
# finished bulk job of this installation has measured it: bytes per second (25 MB/s, decimal
# megabytes, a typical office uplink to Dropbox) plus a cost per file.
MIGRATION_BYTES_PER_SECOND = envint("MIGRATION_BYTES_PER_SECOND", 25_000_000)
MIGRATION_FILES_PER_SECOND = envint("MIGRATION_FILES_PER_SECOND", 40)
# Concurrent Dropbox write calls per customer team, across all workers.
MIGRATION_MAX_CONCURRENT_WRITES = envint("MIGRATION_MAX_CONCURRENT_WRITES", 8)
# A claimed batch without a heartbeat for this long belongs to a dead worker and is handed back.
# A running batch renews its claim every third of this (migration.batch_run.claim_heartbeat), so
# a dead worker costs about this long, not minutes.
MIGRATION_BATCH_STALE_SECONDS = envint("MIGRATION_BATCH_STALE_SECONDS", 30)
for _name in ("MIGRATION_BYTES_PER_SECOND", "MIGRATION_FILES_PER_SECOND", "MIGRATION_MAX_CONCURRENT_WRITES"):
    if globals()[_name] < 1:
        raise ImproperlyConfigured(f"{_name} must be 1 or more.")
# The letterhead of quotes and certificates; QUOTE_COMPANY='{"phone": "08-123 456 78"}' overrides keys.
QUOTE_COMPANY = envdict(
    "QUOTE_COMPANY",
    {
        "name": "Macforum AB",
        "organisation_number": "556712-3459",
        "street_address": "Sveavägen 20",
        "postal_code": "111 57",
        "city": "Stockholm",
        "email": "offert@macforum.se",
        "phone": "08-120 300 40",
        "bankgiro": "5050-1055",
        "website": "macforum.se",
    },
)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    # HSTS (SECURE_HSTS_*): under "Response headers" below.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = envlist("SILENCED_SYSTEM_CHECKS", [])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    # WeasyPrint narrates every CSS fetch at INFO; its warnings are what matter.
    # The Dropbox SDK logs every request at INFO, which buries a migration's progress line.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "dropbox": {"level": "WARNING"},
    },
}

# --- Migration: where customers' shares may be read (issue 10 §1) ---
# The folders where customers' shares are mounted (comma-separated). A migration source must
# resolve, symlinks followed, to a folder inside one of them (migration.source_roots).
# docker-compose sets /mnt/share; the embedded run's demo shares live in var/demo-shares.
MIGRATION_SOURCE_ROOTS = envlist("MIGRATION_SOURCE_ROOTS", [str(VAR_DIR / "demo-shares")])

# --- Sign-in: throttling, lockout and staff two-factor (issue 10 §2) ---
# django-axes counts failed sign-ins (wrong passwords, used or forged sign-in links, and every
# sign-in-link request) in the database, per account and, separately, per address. At the
# limit, that account or address is refused for the cool-off; docs/sign-in-security.md.
SIGNIN_FAILURE_LIMIT = envint("SIGNIN_FAILURE_LIMIT", 10)
SIGNIN_LOCKOUT_MINUTES = envint("SIGNIN_LOCKOUT_MINUTES", 15)
if SIGNIN_FAILURE_LIMIT < 1 or SIGNIN_LOCKOUT_MINUTES < 1:
    raise ImproperlyConfigured("SIGNIN_FAILURE_LIMIT and SIGNIN_LOCKOUT_MINUTES must be at least 1.")
AXES_FAILURE_LIMIT = SIGNIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = "engagements.auth.axes_cool_off"
AXES_LOCKOUT_PARAMETERS = "engagements.auth.axes_lockout_parameters"
AXES_USERNAME_CALLABLE = "engagements.auth.axes_username"
AXES_LOCKOUT_CALLABLE = "engagements.auth_views.locked_out"
# A refused attempt does not restart the cool-off, so the page's "try again in N minutes" holds;
# a successful sign-in does not wipe the address's count (one own account must not reset it).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "sesame"]
# Behind a reverse proxy the client's address is in a header the proxy sets, e.g.
# SIGNIN_CLIENT_IP_HEADERS=HTTP_X_FORWARDED_FOR,REMOTE_ADDR with SIGNIN_PROXY_COUNT=1.
AXES_IPWARE_META_PRECEDENCE_ORDER = tuple(envlist("SIGNIN_CLIENT_IP_HEADERS", ["REMOTE_ADDR"]))
AXES_IPWARE_PROXY_COUNT = envint("SIGNIN_PROXY_COUNT", 0) or None
# Staff second factor (django-otp: TOTP app plus single-use backup codes). Required before any
# staff page and the admin when on; when off (the embedded demo) staff may enrol, and an
# enrolled account is asked for its code at sign-in all the same.
STAFF_TWO_FACTOR_REQUIRED = envbool("STAFF_TWO_FACTOR_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = "Macforum Projects"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# --- Response headers: Content Security Policy, Permissions-Policy (issue 10 §5) ---
# Documented in docs/security-headers-and-errors.md.
# HSTS, with DEBUG off only. `preload` asks browsers to hard-code HTTPS for the domain, which the
# preload list accepts only with a max-age of a year or more: without it the flag is dropped, and
# asking for it explicitly with a shorter max-age stops the start with a sentence.
HSTS_PRELOAD_MIN_SECONDS = 60 * 60 * 24 * 365
if not DEBUG:
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", HSTS_PRELOAD_MIN_SECONDS)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", SECURE_HSTS_SECONDS >= HSTS_PRELOAD_MIN_SECONDS)
    if SECURE_HSTS_PRELOAD and SECURE_HSTS_SECONDS < HSTS_PRELOAD_MIN_SECONDS:
        raise ImproperlyConfigured(
            f"SECURE_HSTS_PRELOAD needs SECURE_HSTS_SECONDS of at least {HSTS_PRELOAD_MIN_SECONDS} "
            f"(one year), not {SECURE_HSTS_SECONDS}: raise the max-age or leave preload off."
        )
# Content Security Policy (django-csp 4): no inline script or style anywhere, htmx from our own
# static files (its indicator style is in app.css, see the htmx-config meta in base.html).
# The Dropbox connect button posts to us and we redirect to Dropbox's authorize page; Chromium
# holds that redirect to form-action, so Dropbox's web origin (or the sandbox's) is allowed there.
_dropbox_web_origin = "https://www.dropbox.com"
if DROPBOX_SANDBOX_URL:
    _dropbox_web_origin = "/".join(DROPBOX_SANDBOX_URL.split("/", 3)[:3])  # scheme://host:port
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'", _dropbox_web_origin],
        "frame-ancestors": ["'none'"],
    },
}
# Browser features no page of ours uses, switched off for us and anything we might embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
# Branded error pages: handler400/403/404/500 in macforum_projects/urls.py, and this one.
CSRF_FAILURE_VIEW = "macforum_projects.error_views.csrf_failure"
# A refused request (4xx) is logged on one line; only server errors (5xx) keep their traceback.
LOGGING.setdefault("filters", {})["client_errors_without_traceback"] = {
    "()": "macforum_projects.log_filters.ClientErrorsWithoutTraceback"
}
LOGGING["loggers"]["django.request"] = {"filters": ["client_errors_without_traceback"]}

# --- Privacy: processor agreements, anonymisation (issue 10 §6) ---
# Days after an engagement is closed, lost or cancelled before the people in it are anonymised
# (names, e-mail addresses, phone numbers, free texts; the figures stay). A year covers the
# follow-up and complaint questions that come after a project; the contract documents and the
# figures needed for bookkeeping are kept. 0 anonymises at the next nightly run.
PRIVACY_RETENTION_DAYS = envint("PRIVACY_RETENTION_DAYS", 365)
if PRIVACY_RETENTION_DAYS < 0:
    raise ImproperlyConfigured("PRIVACY_RETENTION_DAYS must be 0 or more.")
CELERY_BEAT_SCHEDULE["anonymise-ended-engagements"] = {
    # Nightly, Europe/Stockholm (CELERY_TIMEZONE), after the quotes expire.
    "task": "engagements.privacy.tasks.privacy_anonymise_due",
    "schedule": crontab(hour=2, minute=15),
}

# --- training (issue 13) ---
# Most attendees in one training session: the catalogue's training day is "up to 12 attendees";
# more people on the user list means more sessions.
TRAINING_GROUP_SIZE = envint("TRAINING_GROUP_SIZE", 12)
# A top folder is advised to be kept online-only when at least this per cent of its bytes has not
# been modified for over a year (the consultant can change the list per folder).
TRAINING_ONLINE_ONLY_PERCENT = envint("TRAINING_ONLINE_ONLY_PERCENT", 80)
# Days of support after go-live (the first release of folder access).
SUPPORT_WINDOW_DAYS = envint("SUPPORT_WINDOW_DAYS", 14)
if TRAINING_GROUP_SIZE < 1 or SUPPORT_WINDOW_DAYS < 1 or not 0 <= TRAINING_ONLINE_ONLY_PERCENT <= 100:
    raise ImproperlyConfigured(
        "TRAINING_GROUP_SIZE and SUPPORT_WINDOW_DAYS must be 1 or more, "
        "TRAINING_ONLINE_ONLY_PERCENT between 0 and 100."
    )
CELERY_BEAT_SCHEDULE["support-window-summaries"] = {
    # Nightly: the summary of every support window that ended goes into the engagement's history.
    "task": "training.tasks.support_summaries_write",
    "schedule": crontab(hour=3, minute=5),
}

# --- training.installation (issue 13) ---
# Days a user's personal "installed" link (sent with the installation instructions) stays valid.
# It works once; a new e-mail sends a new link and the old one stops working.
INSTALLATION_LINK_MAX_AGE_DAYS = envint("INSTALLATION_LINK_MAX_AGE_DAYS", 14)
if INSTALLATION_LINK_MAX_AGE_DAYS < 1:
    raise ImproperlyConfigured("INSTALLATION_LINK_MAX_AGE_DAYS must be 1 or more.")

# --- decommission (issue 14) ---
# Days after cut-over (the move to rollout) during which the old server stays read-only and its
# media may not be sanitised, unless a coordinator or consultant waives the wait with a reason.
DECOMMISSION_GRACE_DAYS = envint("DECOMMISSION_GRACE_DAYS", 30)
if DECOMMISSION_GRACE_DAYS < 0:
    raise ImproperlyConfigured("DECOMMISSION_GRACE_DAYS must be 0 or more.")

# --- invoicing (issue 14) ---
# The payment plan the quote's terms print: this per cent of the fixed price is invoiced when the
# quote is accepted, the rest when the migration is verified.
INVOICING_SHARE_AT_ACCEPTANCE = envint("INVOICING_SHARE_AT_ACCEPTANCE", 50)
if not 0 < INVOICING_SHARE_AT_ACCEPTANCE < 100:
    raise ImproperlyConfigured("INVOICING_SHARE_AT_ACCEPTANCE must be between 1 and 99 (per cent).")
# OCR references carry a length digit before the Luhn check digit (Bankgiro's "längdkontroll").
INVOICING_OCR_LENGTH_DIGIT = envbool("INVOICING_OCR_LENGTH_DIGIT", True)
# The accounts of the SIE 4 export (BAS 2026): receivables, revenue and output VAT per VAT rate,
# store credit used as payment, öresavrundning. INVOICING_SIE_ACCOUNTS='{"revenue_25": "3041"}'.
INVOICING_SIE_ACCOUNTS = envdict(
    "INVOICING_SIE_ACCOUNTS",
    {
        "receivables": "1510",
        "revenue_25": "3001",
        "revenue_12": "3002",
        "revenue_6": "3003",
        "revenue_0": "3004",
        "vat_25": "2611",
        "vat_12": "2621",
        "vat_6": "2631",
        "store_credit": "2421",
        "rounding": "3740",
    },
)
for _key, _account in INVOICING_SIE_ACCOUNTS.items():
    if not (_account.isdigit() and len(_account) == 4):
        raise ImproperlyConfigured(f"INVOICING_SIE_ACCOUNTS[{_key!r}] must be a four-digit BAS account.")

# --- feedback (issue 14) ---
# The survey goes out on the first working day (Swedish holidays, Europe/Stockholm) at least MIN and
# at most MAX days after the final invoice was sent.
FEEDBACK_SURVEY_MIN_DAYS = envint("FEEDBACK_SURVEY_MIN_DAYS", 28)
FEEDBACK_SURVEY_MAX_DAYS = envint("FEEDBACK_SURVEY_MAX_DAYS", 42)
# Days after the survey mail before the one reminder to a contact who has not answered.
FEEDBACK_REMINDER_DAYS = envint("FEEDBACK_REMINDER_DAYS", 7)
# Days a contact's personal survey link stays valid (it works once: one response per contact).
FEEDBACK_LINK_MAX_AGE_DAYS = envint("FEEDBACK_LINK_MAX_AGE_DAYS", 30)
if not 0 <= FEEDBACK_SURVEY_MIN_DAYS <= FEEDBACK_SURVEY_MAX_DAYS - 6:
    raise ImproperlyConfigured(
        "FEEDBACK_SURVEY_MIN_DAYS must be 0 or more and at least a week before FEEDBACK_SURVEY_MAX_DAYS "
        "(the window must hold a working day)."
    )
if not 1 <= FEEDBACK_REMINDER_DAYS < FEEDBACK_LINK_MAX_AGE_DAYS:
    raise ImproperlyConfigured(
        "FEEDBACK_REMINDER_DAYS must be 1 or more and less than FEEDBACK_LINK_MAX_AGE_DAYS."
    )
CELERY_BEAT_SCHEDULE["feedback-surveys"] = {
    # Every morning, Europe/Stockholm (CELERY_TIMEZONE): surveys due today go out, reminders follow.
    "task": "feedback.tasks.feedback_surveys_send_due",
    "schedule": crontab(hour=8, minute=15),
}

# --- Book a meeting (issue 15) ---
# The public page counts requests per client address (the address as sign-in sees it:
# SIGNIN_CLIENT_IP_HEADERS, SIGNIN_PROXY_COUNT); above this many in the window it answers 429.
BOOK_A_MEETING_RATE_LIMIT = envint("BOOK_A_MEETING_RATE_LIMIT", 5)
BOOK_A_MEETING_RATE_WINDOW_MINUTES = envint("BOOK_A_MEETING_RATE_WINDOW_MINUTES", 60)
if BOOK_A_MEETING_RATE_LIMIT < 1 or BOOK_A_MEETING_RATE_WINDOW_MINUTES < 1:
    raise ImproperlyConfigured(
        "BOOK_A_MEETING_RATE_LIMIT and BOOK_A_MEETING_RATE_WINDOW_MINUTES must be at least 1."
    )
# The counters live in this cache alias: Redis when REDIS_URL is set, so every web process shares
# one count; else this process's memory (the embedded run is one process).
BOOK_A_MEETING_CACHE = "book_a_meeting"
CACHES = globals().get("CACHES", {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
CACHES[BOOK_A_MEETING_CACHE] = (
    {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "book-a-meeting",
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "book-a-meeting"}
)
