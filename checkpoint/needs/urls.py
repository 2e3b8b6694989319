"""URLs for needs (included at needs/)."""

from django.urls import path

from checkpoint.needs import views

urlpatterns = [
    path("<str:reference>/", views.needs_case, name="needs-case"),
    path("<str:reference>/assess/", views.needs_assess_view, name="needs-assess"),
    path(
        "<str:reference>/pathways/<str:pathway>/",
        views.pathway_status_view,
        name="needs-pathway-status",
    ),
    path("<str:reference>/self-report/", views.self_report_view, name="needs-self-report"),
]
