"""App configuration."""

from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    """Reoffending monitoring: feed import, follow-up windows, harm."""

    name = "checkpoint.monitoring"
    label = "monitoring"
