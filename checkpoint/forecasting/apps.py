"""App configuration."""

from django.apps import AppConfig


class ForecastingConfig(AppConfig):
    """Advisory risk forecasting with model governance."""

    name = "checkpoint.forecasting"
    label = "forecasting"
