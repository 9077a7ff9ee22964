"""Settings for the test suite: production settings plus speed and isolation."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Django's test client logs in without a request, which django-axes needs; the lock-out
# tests turn it back on with `settings.AXES_ENABLED = True`.
AXES_ENABLED = False

if SQLITE:  # noqa: F405
    # A file, not memory: the concurrency tests need two connections on one database.
    DATABASES["default"]["TEST"] = {"NAME": f"/tmp/retencao-test-{os.getpid()}.sqlite3"}  # noqa: F405
# No collectstatic before the tests: WhiteNoise looks files up when asked (from the apps'
# static folders) instead of scanning a STATIC_ROOT that a fresh clone does not have.
WHITENOISE_AUTOREFRESH = True
