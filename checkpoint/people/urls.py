"""URLs for people."""

from django.urls import path

from checkpoint.people import views

urlpatterns = [
    path("<str:force_person_id>/", views.person_detail, name="person-detail"),
]
