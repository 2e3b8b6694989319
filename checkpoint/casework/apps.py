"""App configuration."""

from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    """The casework app."""

    name = "checkpoint.casework"
    label = "casework"
