"""App configuration."""

from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """The local service directory and referrals to services."""

    name = "checkpoint.directory"
    label = "directory"
