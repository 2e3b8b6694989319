"""App configuration."""

from django.apps import AppConfig


class LinkageConfig(AppConfig):
    """Identity resolution with splink: duplicates at referral, linking feed records."""

    name = "checkpoint.linkage"
    label = "linkage"
