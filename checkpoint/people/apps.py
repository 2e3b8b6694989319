"""App configuration."""

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    """The people app."""

    name = "checkpoint.people"
    label = "people"
