"""App configuration."""

from django.apps import AppConfig


class ContractsConfig(AppConfig):
    """Contracts built from versioned conditions: consent, approval, variations, clock."""

    name = "checkpoint.contracts"
    label = "contracts"
