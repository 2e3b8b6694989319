"""URLs for the service directory and referrals (included at directory/)."""

from django.urls import path

from checkpoint.directory import views

urlpatterns = [
    path("", views.directory_index, name="directory-index"),
    path("gaps/", views.gaps_view, name="directory-gaps"),
    path("services/new/", views.service_create_view, name="directory-service-create"),
    path("services/<int:pk>/", views.service_detail, name="directory-service"),
    path("services/<int:pk>/edit/", views.service_edit_view, name="directory-service-edit"),
    path("services/<int:pk>/active/", views.service_active_view, name="directory-service-active"),
    path("cases/<str:reference>/", views.case_referrals, name="directory-case"),
    path("cases/<str:reference>/refer/", views.referral_create_view, name="directory-refer"),
    path("referrals/<int:pk>/", views.referral_detail, name="directory-referral"),
]
