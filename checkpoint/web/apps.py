"""App configuration."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    """The web app."""

    name = "checkpoint.web"
    label = "web"
