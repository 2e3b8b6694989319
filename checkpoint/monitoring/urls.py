"""URLs for monitoring (included at `monitoring/`)."""

from django.urls import path

from checkpoint.monitoring import views

urlpatterns = [
    path("imports/", views.feed_imports, name="feed-imports"),
]
