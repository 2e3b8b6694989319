"""URLs for linkage (included at linkage/)."""

from django.urls import path

from checkpoint.linkage import views

urlpatterns = [
    path("review/", views.review_queue_view, name="linkage-review-queue"),
    path("review/<int:pk>/", views.review_item_view, name="linkage-review-item"),
]
