"""The `checkpoint` console script: Django's management commands under one name."""

import os
import sys


def main() -> None:
    """Run a management command, defaulting to the local settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["checkpoint", *sys.argv[1:]])


if __name__ == "__main__":
    main()
