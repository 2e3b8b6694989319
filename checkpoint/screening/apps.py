"""App configuration."""

from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    """Custody screening: eligibility decisions and their approvals."""

    name = "checkpoint.screening"
    label = "screening"
