"""Routes of the aviso de privacidad, the identity questionnaire and consent (issue 4)."""

from django.urls import path

from .views import identity as views

urlpatterns = [
    path("aviso/<id:process_id>/", views.notice, name="notice"),
    path("<id:pk>/identidad/", views.identity, name="identity"),
    path("<id:pk>/consentimiento/", views.consent, name="consent"),
    path("<id:pk>/consentimiento/formato.pdf", views.consent_format, name="consent_format"),
    path("<id:pk>/consentimiento/<id:record_id>/evidencia/", views.consent_evidence, name="consent_evidence"),
    path("<id:pk>/consentimiento/formato/<id:format_id>/", views.consent_format_file, name="consent_format_file"),
]
