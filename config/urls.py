"""The URL map: each app owns its own paths."""

from django.urls import include, path

urlpatterns = [
    path("", include("checkpoint.web.urls")),
    path("", include("checkpoint.accounts.urls")),
    path("cases/", include("checkpoint.casework.urls")),
    path("people/", include("checkpoint.people.urls")),
    path("audit/", include("checkpoint.audit.urls")),
]

handler403 = "checkpoint.web.views.permission_denied"
handler404 = "checkpoint.web.views.page_not_found"
handler500 = "checkpoint.web.views.server_error"
