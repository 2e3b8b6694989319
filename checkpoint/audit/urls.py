"""URLs for the audit log."""

from django.urls import path

from checkpoint.audit import views

urlpatterns = [
    path("", views.audit_log, name="audit-log"),
]
