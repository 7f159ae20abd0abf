"""Capture screens of the curricular questionnaire: the dashboard, a candidacy's overview, one form per rubro,
the private photo and the history of changes."""

from django.urls import path

from .views import curricular as views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<id:pk>/", views.candidacy_overview, name="candidacy"),
    path("<id:pk>/curricular/<slug:rubro_code>/", views.rubro_form, name="rubro"),
    path("<id:pk>/foto/", views.photo, name="photo"),
    path("<id:pk>/historial/", views.history, name="history"),
]
