"""URLs for shared pages."""

from django.urls import path

from checkpoint.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
]
