"""URLs for screening."""

from django.urls import path

from checkpoint.screening import views

urlpatterns = [
    path("<str:reference>/", views.screen_case, name="screen-case"),
    path(
        "decisions/<int:pk>/approve/<str:approval>/",
        views.approve_decision,
        name="screening-approve",
    ),
]
