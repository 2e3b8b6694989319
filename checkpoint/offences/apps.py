"""App configuration."""

from django.apps import AppConfig


class OffencesConfig(AppConfig):
    """The offences app."""

    name = "checkpoint.offences"
    label = "offences"
