"""URLs for contracts; the project includes them under `contracts/`."""

from django.urls import path

from checkpoint.contracts import views

urlpatterns = [
    path("<str:reference>/", views.contract_detail, name="contract-detail"),
    path("<str:reference>/submit/", views.contract_submit_view, name="contract-submit"),
    path(
        "<str:reference>/versions/<int:number>/decide/",
        views.contract_decide_view,
        name="contract-decide",
    ),
    path("<str:reference>/offer/", views.contract_offer_view, name="contract-offer"),
    path("<str:reference>/sign/", views.contract_sign_view, name="contract-sign"),
    path("<str:reference>/document.pdf", views.contract_document, name="contract-document"),
    path("<str:reference>/hours/", views.hours_view, name="contract-hours"),
    path("<str:reference>/evidence/", views.evidence_view, name="contract-evidence"),
    path(
        "<str:reference>/variations/<int:pk>/decide/",
        views.variation_decide_view,
        name="variation-decide",
    ),
    path("<str:reference>/variations/<str:kind>/", views.variation_view, name="variation-request"),
]
