"""URLs for cases."""

from django.urls import path

from checkpoint.casework import views, work_views

urlpatterns = [
    path("refer/", views.case_refer_view, name="case-refer"),
    path("<str:reference>/", views.case_detail, name="case-detail"),
    path("<str:reference>/transition/", views.case_transition_view, name="case-transition"),
    path("<str:reference>/assign/", views.case_assign_view, name="case-assign"),
    path("<str:reference>/allocate/", work_views.case_allocate, name="case-allocate"),
    path("<str:reference>/appointments/new/", work_views.appointment_new, name="appointment-new"),
    path(
        "<str:reference>/appointments/<int:pk>/outcome/",
        work_views.appointment_outcome,
        name="appointment-outcome",
    ),
    path(
        "<str:reference>/appointments/<int:pk>/reschedule/",
        work_views.appointment_reschedule_view,
        name="appointment-reschedule",
    ),
    path("<str:reference>/notes/new/", work_views.case_note_new, name="case-note-new"),
    path("<str:reference>/breach/propose/", work_views.breach_propose_view, name="breach-propose"),
    path(
        "<str:reference>/breach/<int:pk>/decide/",
        work_views.breach_decide_view,
        name="breach-decide",
    ),
    path("<str:reference>/complete/", work_views.case_complete_view, name="case-complete"),
    path("<str:reference>/documents/<int:pk>/", work_views.case_document, name="case-document"),
]
