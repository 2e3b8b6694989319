"""App configuration."""

from django.apps import AppConfig


class NeedsConfig(AppConfig):
    """Needs assessment on the critical pathways, and the self-report instrument."""

    name = "checkpoint.needs"
    label = "needs"
