"""URLs for cases."""

from django.urls import path

from checkpoint.casework import views

urlpatterns = [
    path("refer/", views.case_refer_view, name="case-refer"),
    path("<str:reference>/", views.case_detail, name="case-detail"),
    path("<str:reference>/transition/", views.case_transition_view, name="case-transition"),
    path("<str:reference>/assign/", views.case_assign_view, name="case-assign"),
]
