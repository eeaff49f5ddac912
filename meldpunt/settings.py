"""One settings file, read from the environment (12-factor).

Every variable read here is documented in docs/deployment.md; a test keeps the two in step.
"""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF, STRICT_DYNAMIC, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
DATA_DIR = Path(env.str("MELDPUNT_DATA_DIR", default=str(Path.cwd() / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    key = env.str("SECRET_KEY", default="")
    if key:
        return key
    if not DEBUG and not env.bool("MELDPUNT_DEV_SECRET", default=True):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    # Development: generate once and keep it in the data dir.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'meldpunt.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            # Writers queue up instead of failing with "database is locked" mid-transaction.
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # A file, not shared memory, so concurrent tests behave like the real database.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "meldpunt.access",
    "meldpunt.reference",
    "meldpunt.registry",
    "meldpunt.process",
    "meldpunt.acute",
    "meldpunt.casefile",
    "meldpunt.teams",
    "meldpunt.operations",
    "meldpunt.yearplan",
    "meldpunt.quality",
    "meldpunt.legacy",
    "meldpunt.radar",
    "meldpunt.synthetic",
    "meldpunt.insight",
    "meldpunt.api",
    "meldpunt.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "meldpunt.access.middleware.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "meldpunt.access.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "meldpunt.access.middleware.AuditOriginMiddleware",
    "meldpunt.access.middleware.VisibilityMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "meldpunt.urls"
WSGI_APPLICATION = "meldpunt.wsgi.application"
AUTH_USER_MODEL = "access.User"
LOGIN_URL = "/inloggen/"
LOGIN_REDIRECT_URL = "/"  # home sends each role to where its work is

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
                "meldpunt.web.context.navigation",
                "csp.context_processors.nonce",
            ]
        },
    }
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out login before the password
    "django.contrib.auth.backends.ModelBackend",
]

# --- Login, sessions and the security headers (docs/security.md, docs/deployment.md) ---------
# Two-factor login (TOTP) for every role that sees personal data; only a development machine
# switches it off.
MELDPUNT_TWO_FACTOR = env.bool("TWO_FACTOR", default=True)
OTP_TOTP_ISSUER = "Meldpunt"
# Throttling and lockout after failed passwords (django-axes): per user name and address.
AXES_ENABLED = env.bool("LOGIN_LOCKOUT", default=True)
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
# A session ends after this much inactivity and with the browser: requests extend it, saving
# the session at most once a minute (access.middleware.IdleSessionMiddleware).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# With DEBUG off every HTTPS protection is on unless switched off for a TLS-terminating proxy
# that does them itself.
SECURE_COOKIES = env.bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
if env.bool("BEHIND_TLS_PROXY", default=False):
    # Trust the proxy's X-Forwarded-Proto: only when the proxy always sets it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A strict, nonce-based Content-Security-Policy, sent in development too: scripts only with the
# request's nonce (and what they load), no plugins, no framing, no foreign form targets. Style
# attributes stay allowed (server-drawn charts and forms use them); <style> elements need the
# nonce too.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [NONCE, STRICT_DYNAMIC, SELF],
        "style-src": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "meldpunt.access.passwords.CharacterMixValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# Mail (survey links): the console in development, SMTP in production.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@meldpunt.invalid")
MELDPUNT_PUBLIC_URL = env.str("MELDPUNT_PUBLIC_URL", default="http://127.0.0.1:8000")

# The population register (Haal Centraal BRP personen bevragen); empty: the built-in stand-in.
BRP_API_URL = env.str("BRP_API_URL", default="")
BRP_API_KEY = env.str("BRP_API_KEY", default="")

# Documents in the files: private storage, never served from a public URL.
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=20 * 1024 * 1024)
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(DATA_DIR / "media")},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": env.str("DOCUMENT_DIR", default=str(DATA_DIR / "documents")),
            "base_url": None,
        },
    },
}
# Or S3-compatible object storage (AWS S3, MinIO, Ceph, a Dutch cloud's object store): private
# objects, never a public URL (documents are served only through the access-checked view).
DOCUMENT_STORAGE = env.str("DOCUMENT_STORAGE", default="filesystem")
if DOCUMENT_STORAGE == "s3":
    _bucket = env.str("DOCUMENT_S3_BUCKET", default="")
    if not _bucket:
        raise ImproperlyConfigured("DOCUMENT_STORAGE=s3 needs DOCUMENT_S3_BUCKET.")
    _sse = env.str("DOCUMENT_S3_SERVER_SIDE_ENCRYPTION", default="")
    STORAGES["documents"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _bucket,
            "endpoint_url": env.str("DOCUMENT_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("DOCUMENT_S3_REGION", default="") or None,
            "access_key": env.str("DOCUMENT_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("DOCUMENT_S3_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("DOCUMENT_S3_PREFIX", default="documents"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "object_parameters": {"ServerSideEncryption": _sse} if _sse else {},
        },
    }
elif DOCUMENT_STORAGE != "filesystem":
    raise ImproperlyConfigured("DOCUMENT_STORAGE must be 'filesystem' or 's3'.")

STATIC_URL = "/static/"
# Without collectstatic (development, tests) whitenoise serves straight from the apps.
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=True)
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)

# The API (docs/api.md): JSON only, problem details for every error, tokens for systems.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "meldpunt.api.auth.SystemTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["meldpunt.api.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "meldpunt.api.problems.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Meldpunt API",
    "DESCRIPTION": "Registratie, werkproces en sturingsinformatie van Veilig Thuis. "
    "Conventies: docs/api.md.",
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "meldpunt.api.schema.strict_schema",
    ],
    # One name per choice set (the same set used in several places is one enum).
    "ENUM_NAME_OVERRIDES": {
        "ReportStatusEnum": "meldpunt.registry.models.ReportStatus",
        "ReportSourceEnum": "meldpunt.registry.models.ReportSource",
        "AdviceStatusEnum": "meldpunt.registry.models.AdviceStatus",
        "TriageOutcomeEnum": "meldpunt.process.models.TriageOutcome",
        "DecisionStatusEnum": "meldpunt.process.models.DecisionStatus",
        "TermKindEnum": "meldpunt.process.models.TermKind",
        "ServiceKindEnum": "meldpunt.process.models.ServiceKind",
        "ServiceStatusEnum": "meldpunt.api.v1.services.SERVICE_STATUSES",
        "InformKindEnum": "meldpunt.api.v1.reports.INFORM_KINDS",
        "SexEnum": "meldpunt.registry.models.Sex",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# Audit trail (meldpunt/access/audit.py): the sealing key lives outside the database.
AUDIT_SEAL_KEY = env.str("AUDIT_SEAL_KEY", default="")
AUDIT_SEAL_KEY_FILE = DATA_DIR / "audit_seal_key"
AUDIT_ANCHOR_FILE = env.str("AUDIT_ANCHOR_FILE", default=str(DATA_DIR / "audit_anchor.json"))
AUDIT_SEAL_BLOCK = env.int("AUDIT_SEAL_BLOCK", default=1000)
AUDIT_SEAL_DELAY_SECONDS = env.int("AUDIT_SEAL_DELAY_SECONDS", default=60)
# Pseudonymised exports for analysts (meldpunt/access/pseudonyms.py): the key stays on the server.
PSEUDONYM_KEY = env.str("PSEUDONYM_KEY", default="")
PSEUDONYM_KEY_FILE = DATA_DIR / "pseudonym_key"
