"""The project's URLs plus needs, until the lead includes needs/ in config/urls.py."""

from django.urls import include, path

from config.urls import handler403, handler404, handler500
from config.urls import urlpatterns as project

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]

urlpatterns = [
    *[p for p in project if "needs" not in str(p.pattern)],
    path("needs/", include("checkpoint.needs.urls")),
]
