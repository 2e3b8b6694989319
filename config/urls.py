"""The URL map: each app owns its own paths."""

from django.urls import include, path

from checkpoint.api.api import api_urls

urlpatterns = [
    path("", include("checkpoint.web.urls")),
    path("", include("checkpoint.accounts.urls")),
    path("cases/", include("checkpoint.casework.urls")),
    path("people/", include("checkpoint.people.urls")),
    path("screening/", include("checkpoint.screening.urls")),
    path("needs/", include("checkpoint.needs.urls")),
    path("directory/", include("checkpoint.directory.urls")),
    path("contracts/", include("checkpoint.contracts.urls")),
    path("victims/", include("checkpoint.victims.urls")),
    path("linkage/", include("checkpoint.linkage.urls")),
    path("monitoring/", include("checkpoint.monitoring.urls")),
    path("audit/", include("checkpoint.audit.urls")),
    path("api/v1/", api_urls()),
]

handler403 = "checkpoint.web.views.permission_denied"
handler404 = "checkpoint.web.views.page_not_found"
handler500 = "checkpoint.web.views.server_error"
