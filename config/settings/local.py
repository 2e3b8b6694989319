"""Settings for the demo and local development (SQLite unless DATABASE_URL says otherwise)."""

import os

from .base import *  # noqa: F403

# The demo runs with DEBUG off so that people see the real error pages; developers opt in.
DEBUG = os.environ.get("CHECKPOINT_DEBUG", "0") == "1"
SECRET_KEY = os.environ.get("CHECKPOINT_SECRET_KEY", "local-demo-only-not-secret")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
WHITENOISE_AUTOREFRESH = True  # serve from the finders without a collectstatic step
