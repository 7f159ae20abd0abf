"""Routes of the aviso de privacidad, the identity questionnaire and consent (issue 4)."""

from django.urls import path

from .views import identity as views

urlpatterns = [
    path("aviso/<int:process_id>/", views.notice, name="notice"),
    path("<int:pk>/identidad/", views.identity, name="identity"),
    path("<int:pk>/consentimiento/", views.consent, name="consent"),
    path("<int:pk>/consentimiento/formato.pdf", views.consent_format, name="consent_format"),
    path("<int:pk>/consentimiento/<int:record_id>/evidencia/", views.consent_evidence, name="consent_evidence"),
]
