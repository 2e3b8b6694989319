"""Settings for the test suite: PostgreSQL by default, as in production."""

import os

import dj_database_url

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/checkpoint")
    )
}
# Fast hashing: the suite signs users in thousands of times.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_AUTOREFRESH = True
# One test database per run, so two runs on one machine (developers, CI, helpers) never
# drop each other's database.
DATABASES["default"]["TEST"] = {
    "NAME": os.environ.get("CHECKPOINT_TEST_DB", f"test_checkpoint_{os.getpid()}")
}
