"""Capture screens of the curricular questionnaire: the dashboard, a candidacy's overview, one form per rubro,
the private photo and the history of changes."""

from django.urls import path

from .views import curricular as views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<int:pk>/", views.candidacy_overview, name="candidacy"),
    path("<int:pk>/curricular/<slug:rubro_code>/", views.rubro_form, name="rubro"),
    path("<int:pk>/foto/", views.photo, name="photo"),
    path("<int:pk>/historial/", views.history, name="history"),
]
