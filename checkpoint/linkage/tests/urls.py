"""The project's URLs with linkage included, until the lead wires `linkage/` in config.urls."""

from django.urls import include, path

from config.urls import urlpatterns as project_urlpatterns

urlpatterns = [*project_urlpatterns, path("linkage/", include("checkpoint.linkage.urls"))]
