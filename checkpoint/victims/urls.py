"""URLs for victims' records (included at `victims/`)."""

from django.urls import path

from checkpoint.victims import views

urlpatterns = [
    path("case/<str:reference>/new/", views.victim_new, name="victim-new"),
    path("<int:pk>/", views.victim_detail, name="victim-detail"),
    path("<int:pk>/edit/", views.victim_edit, name="victim-edit"),
    path("<int:pk>/updates/new/", views.victim_update_new, name="victim-update-new"),
]
