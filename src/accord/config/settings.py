"""Accord's settings: one module, every deployment knob read from the environment.

Defaults are for development on SQLite. Production sets DEBUG=false and the variables listed in
README.md; `accord check --deploy` must then print nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

SRC_DIR = Path(__file__).resolve().parent.parent  # src/accord
BASE_DIR = SRC_DIR.parent.parent  # the checkout
VAR_DIR = Path(environ.Env().str("ACCORD_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

DEBUG: bool = env.bool("DEBUG", default=False)
TESTING: bool = env.bool("ACCORD_TESTING", default="pytest" in sys.modules)

# A development key is only acceptable while DEBUG is on; production must set SECRET_KEY.
SECRET_KEY: str = env.str(
    "SECRET_KEY",
    default="dev-only-insecure-key-change-me" if (DEBUG or TESTING) else environ.Env.NOTSET,
)
ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])


def _capability_apps() -> list[str]:
    """Every domain app is a capability: a package of `accord` with a `capability.py`. They are
    found, not listed, so adding a capability means adding its app (docs/architecture.md). Under
    the tests, the test-only capability in tests/sample_capability is installed too (its test registers it)."""
    found = sorted(f"accord.{p.parent.name}" for p in SRC_DIR.glob("*/capability.py"))
    extra = env.list("ACCORD_EXTRA_APPS", default=[])
    if TESTING and not extra and (BASE_DIR / "tests" / "sample_capability" / "apps.py").exists():
        extra = ["tests.sample_capability"]
    return found + extra


CAPABILITY_APPS = _capability_apps()


INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules",
    "simple_history",
    "django_htmx",
    "template_partials",
    "heroicons",
    "csp",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    # accord.accounts precedes allauth so that its templates (Accord's layout) win the lookup.
    "accord.core",
    "accord.accounts",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    *CAPABILITY_APPS,
    "accord.api",
]

# The app gzips its HTML (with Django's BREACH padding, docs/deployment.md); turn it off when
# the reverse proxy compresses instead.
ACCORD_GZIP: bool = env.bool("ACCORD_GZIP", default=True)

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML compressed here unless a proxy does it (ACCORD_GZIP=false): after WhiteNoise, which
    # serves its own precompressed static files, and above everything that writes the body.
    *(["accord.core.compression.CompressionMiddleware"] if ACCORD_GZIP else []),
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # After CommonMiddleware, which has checked the host against ALLOWED_HOSTS.
    "accord.core.notify.RequestAddressMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accord.accounts.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "accord.core.tenancy.AllianceMiddleware",
]

ROOT_URLCONF = "accord.config.urls"
WSGI_APPLICATION = "accord.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "accord.core.context_processors.accord",
            ],
            "debug": DEBUG,
        },
    }
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'accord.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work beside one writer; IMMEDIATE takes the write lock at BEGIN so two
    # writers queue on the busy timeout instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rate limits and sessions must be shared by every worker: the database cache is.
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://accord_cache")}

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "accord.accounts.hashers.AccordArgon2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Hashing is not what the suite tests; argon2 itself is covered by a dedicated test.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
# Argon2's memory cost per hash, in KiB. Django's default (100 MiB) starves small servers.
ACCORD_ARGON2_MEMORY_KIB: int = env.int("ACCORD_ARGON2_MEMORY_KIB", default=19_456)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "alliances:list"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "accord.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Adds the person's name; from an invitation, the address and name come filled in.
ACCOUNT_SIGNUP_FORM_CLASS = "accord.accounts.forms.SignupDetailsForm"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="optional")
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "signup": "20/m/ip",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Accord] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Accord"
# Sign-up is by invitation only unless this is set.
ACCORD_OPEN_SIGNUP: bool = env.bool("ACCORD_OPEN_SIGNUP", default=False)

# Sessions: an idle timeout and an absolute lifetime (both in seconds), enforced by
# accord.accounts.middleware. The cookie itself lives as long as the absolute lifetime.
ACCORD_SESSION_IDLE_SECONDS: int = env.int("ACCORD_SESSION_IDLE_SECONDS", default=4 * 3600)
ACCORD_SESSION_MAX_SECONDS: int = env.int("ACCORD_SESSION_MAX_SECONDS", default=7 * 24 * 3600)
SESSION_COOKIE_AGE = ACCORD_SESSION_MAX_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Languages ------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish")), ("fr", _("French"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
# Dates in each language's own words and case ("5 mar 2024" in Spanish): accord/core/formats.
FORMAT_MODULE_PATH = ["accord.core.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not (DEBUG or TESTING)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"
WHITENOISE_MAX_AGE = 3600

# --- Email and background work --------------------------------------------------------------
EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL: str = env.str("DEFAULT_FROM_EMAIL", default="Accord <accord@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
TASKS = {
    "default": {
        "BACKEND": env.str(
            "TASKS_BACKEND",
            default="django_tasks.backends.immediate.ImmediateBackend"
            if (DEBUG or TESTING)
            else "django_tasks_db.DatabaseBackend",
        )
    }
}

# --- Security -------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
if TESTING:
    SECURE_SSL_REDIRECT = False

# No inline script or style anywhere: htmx is told not to inject its indicator styles
# (base.html) and every style rule lives in accord.css.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Accord ---------------------------------------------------------------------------------
ACCORD_SITE_NAME = "Accord"
# Where people reach Accord; used for links in emails. Unset, links use the address each request
# came to, and outside a request the address `accord run` serves (accord.core.notify.absolute).
ACCORD_BASE_URL: str = env.str("ACCORD_BASE_URL", default="")
ACCORD_DEMO_PASSWORD: str = env.str("ACCORD_DEMO_PASSWORD", default="accord-demo-2026")
NINJA_PAGINATION_PER_PAGE = 50
# What one import may read and for how long (docs/importing.md). Each limit can be set as
# ACCORD_IMPORT_<NAME>, e.g. ACCORD_IMPORT_SECONDS; the names and their defaults are written
# once, in accord.landscape.importing.limits.DEFAULTS, which fills in what is not set here.
ACCORD_IMPORT_LIMITS: dict[str, int] = {
    key.removeprefix("ACCORD_IMPORT_").lower(): env.int(key)
    for key in sorted(environ.Env.ENVIRON)
    if key.startswith("ACCORD_IMPORT_")
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
