"""The project's URLs plus the directory, until the lead includes directory/ in config/urls.py."""

from django.urls import include, path

from config.urls import handler403, handler404, handler500
from config.urls import urlpatterns as project

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]

urlpatterns = [
    *[p for p in project if "directory" not in str(p.pattern)],
    path("directory/", include("checkpoint.directory.urls")),
]
