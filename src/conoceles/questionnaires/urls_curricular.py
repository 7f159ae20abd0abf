"""Capture screens of the curricular questionnaire: the dashboard, a candidacy's overview, one form per rubro,
the private photo and the history of changes."""

from django.urls import path

from .views import bulk, curricular, dashboard, history

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("validar/", bulk.bulk_validate, name="bulk_validate"),
    path("<id:pk>/", curricular.candidacy_overview, name="candidacy"),
    path("<id:pk>/curricular/<slug:rubro_code>/", curricular.rubro_form, name="rubro"),
    path("<id:pk>/foto/", curricular.photo, name="photo"),
    path("<id:pk>/historial/", history.history, name="history"),
]
