"""Django settings. SQLite under JIXIAO_DATA (default ./data) unless DATABASE_URL names PostgreSQL.

No secret lives in the repository: SECRET_KEY comes from the environment, or is generated once into the data
directory with permissions 600.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from jixiao.web.datafiles import private_dir, secret_in

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = private_dir(Path(os.environ.get("JIXIAO_DATA", Path.cwd() / "data")).resolve())  # 0700


def _secret_key() -> str:
    if os.environ.get("JIXIAO_SECRET_KEY"):
        return os.environ["JIXIAO_SECRET_KEY"]
    return secret_in(DATA_DIR / "secret_key")  # 0600


def _database(url: str | None) -> dict:
    if not url:
        # WAL lets pages read while one writer writes; IMMEDIATE takes the write lock when a transaction begins, so
        # two saves queue behind the busy timeout instead of failing with "database is locked" when one upgrades.
        # Tests use a file too (not Django's shared in-memory database, whose table locks ignore the timeout).
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": DATA_DIR / "jixiao.sqlite3",
                "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE",
                            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000"},
                "TEST": {"NAME": DATA_DIR / "test-jixiao.sqlite3"},
                # a process keeps its connection between requests (each gunicorn worker serves one at a time):
                # opening the file and its PRAGMAs for every signed-in request cost more than the request's queries
                "CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True}
    parsed = urlparse(url)
    if parsed.scheme not in ("postgres", "postgresql"):
        raise ValueError(f"DATABASE_URL 只支持 postgres://，实际为 {parsed.scheme}://")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parsed.path.lstrip("/")) or "jixiao",
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
        "CONN_MAX_AGE": 60,
    }


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("JIXIAO_DEBUG") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("JIXIAO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("JIXIAO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "jixiao.web.organisations",
    "jixiao.web.accounts",
    "jixiao.web.audit",
    "jixiao.web.evaluations",
    "jixiao.web.bureau",
    "jixiao.web.goals",
    "jixiao.web.monitoring",
    "jixiao.web.review",
    "jixiao.web.result_application",
    "jixiao.web.analytics",
    "jixiao.web.disclosure",
    "jixiao.web.api",
    "django_tasks",  # the task framework's backport; on Django 6 it is django.tasks and this line goes
    "django_tasks_db",
    "jixiao.web.worker",
    "jixiao.web.metrics",  # /metrics, task timings, access lines (docs/deployment.md)
    "jixiao.web.batches",
    "jixiao.web.pagecache",  # last: its post_migrate puts a trigger on every table the other apps made
]

# Background work (report audits, export zips) is queued in the database and run by `jixiao worker` processes
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
if os.environ.get("JIXIAO_TASK_BACKEND") == "rq":  # large deployments: the same tasks on Redis (docs/batches.md)
    from jixiao.web.batches.rq import rq_settings

    TASKS, RQ_QUEUES = rq_settings(os.environ.get("JIXIAO_REDIS_URL", "redis://127.0.0.1:6379/0"))
    INSTALLED_APPS.append("django_rq")

MIDDLEWARE = [
    "jixiao.web.requestid.RequestIdMiddleware",
    "jixiao.web.metrics.middleware.RequestMetricsMiddleware",  # after the id: its access line carries it
    "jixiao.web.pagecache.middleware.ReadTablesMiddleware",  # the tables a page reads, for the page cache (below)
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "jixiao.web.inputs.NulCharacterMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "jixiao.web.accounts.middleware.AuthenticatorMiddleware",  # django-otp's, its device read cheaply
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "jixiao.web.accounts.middleware.IdleTimeoutMiddleware",
    "jixiao.web.accounts.middleware.AccountGateMiddleware",
    "jixiao.web.accounts.middleware.SecurityHeadersMiddleware",
    "jixiao.web.errors.RuleFileErrorMiddleware",  # a rule file broken while the app runs: said, not a bare 500
    "jixiao.web.pagecache.middleware.PageCacheMiddleware",  # innermost: sees the page as the view drew it
]

# A page drawn for a session is served again until anything it could show changes (jixiao/web/pagecache)
JIXIAO_PAGE_CACHE = os.environ.get("JIXIAO_PAGE_CACHE", "1") != "0"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "jixiao-pages", "TIMEOUT": 600,
              "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("JIXIAO_PAGE_CACHE_ENTRIES", "300"))}},
}

ROOT_URLCONF = "jixiao.web.urls"
WSGI_APPLICATION = "jixiao.web.wsgi.application"

TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [BASE_DIR / "templates"],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
        "jixiao.web.accounts.context.roles",
    ]},
}]

DATABASES = {"default": _database(os.environ.get("DATABASE_URL"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = ["jixiao.web.accounts.backends.AccountBackend"]  # ModelBackend, user read cheaply
SESSION_ENGINE = "jixiao.web.accounts.sessions"  # the database backend, read cheaply
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "jixiao.web.accounts.passwords.UserAttributeSimilarityValidator"},  # Django's, worded in Chinese
    {"NAME": "jixiao.web.accounts.passwords.MinimumLengthValidator"},  # the configured length, in Chinese
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "jixiao.web.accounts.passwords.CharacterClassValidator"},
]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
LOGIN_URL = "accounts:login"
OTP_TOTP_ISSUER = "jixiao 绩效"  # the name an authenticator app shows beside the account
LOGIN_REDIRECT_URL = "home"

# Sessions: 30 minutes idle by default (the security administrator can change it; IdleTimeoutMiddleware moves the
# expiry forward); cookies never readable by scripts.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = os.environ.get("JIXIAO_HTTPS") == "1"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The proxies in front (addresses or networks, comma-separated): a request from one of them is taken to come from the
# last address its X-Forwarded-For names that is not a proxy of ours, for the audit trail and for pausing logins per
# address. Empty: REMOTE_ADDR as it is (a forwarded header anyone can send is never believed).
JIXIAO_TRUSTED_PROXIES = [a.strip() for a in os.environ.get("JIXIAO_TRUSTED_PROXIES", "").split(",") if a.strip()]
if os.environ.get("JIXIAO_HTTPS") == "1":
    SECURE_HSTS_SECONDS = 31536000
    SECURE_SSL_REDIRECT = True

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve straight from the apps' static folders; collectstatic is optional
WHITENOISE_AUTOREFRESH = DEBUG

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000  # an indicator grid of a large project posts many cells

# Every 5xx with its traceback and request id, to stderr and to a rotating file in the data folder (0700); every
# request's access line (jixiao.access) and every finished task (jixiao.tasks) at INFO. JIXIAO_LOG_FORMAT=json writes
# one JSON object per line for a log collector (docs/deployment.md); the readable line is the default.
LOG_FORMAT = "json" if os.environ.get("JIXIAO_LOG_FORMAT", "").lower() == "json" else "line"
LOG_DIR = DATA_DIR / "logs"
LOG_DIR.mkdir(exist_ok=True)
LOG_DIR.chmod(0o700)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "jixiao.web.requestid.RequestIdFilter"}},
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
                   "json": {"()": "jixiao.web.metrics.logformat.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT},
        # gunicorn's processes and the workers share the file: the standard RotatingFileHandler rotates it in each
        # process on its own and loses lines (tests/web/test_logging.py); this one rotates under a lock
        "file": {"class": "concurrent_log_handler.ConcurrentRotatingFileHandler", "filename": str(LOG_DIR / "jixiao.log"),
                 "maxBytes": 10 * 1024 * 1024, "backupCount": 10, "encoding": "utf-8",
                 "filters": ["request_id"], "formatter": LOG_FORMAT},
    },
    "loggers": {
        "django.request": {"handlers": ["console", "file"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["console", "file"], "level": "WARNING", "propagate": False},
        "jixiao": {"handlers": ["console", "file"], "level": "INFO", "propagate": False},
        # the access lines: always in the file; on stderr too for a log collector (json), not on a person's terminal
        "jixiao.access": {"handlers": ["console", "file"] if LOG_FORMAT == "json" else ["file"], "level": "INFO",
                          "propagate": False},
    },
}
