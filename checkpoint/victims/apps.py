"""App configuration."""

from django.apps import AppConfig


class VictimsConfig(AppConfig):
    """Victims' records, kept apart from the person referred: views, restorative options."""

    name = "checkpoint.victims"
    label = "victims"
