"""Routes of the aviso de privacidad, the identity questionnaire and consent (issue 4)."""

from django.urls import path

from .views import consent, identity, privacy

urlpatterns = [
    path("aviso/<id:process_id>/", privacy.notice, name="notice"),
    path("<id:pk>/identidad/", identity.identity, name="identity"),
    path("<id:pk>/consentimiento/", consent.consent, name="consent"),
    path("<id:pk>/consentimiento/formato.pdf", consent.consent_format, name="consent_format"),
    path("<id:pk>/consentimiento/<id:record_id>/evidencia/", consent.consent_evidence, name="consent_evidence"),
    path("<id:pk>/consentimiento/formato/<id:format_id>/", consent.consent_format_file, name="consent_format_file"),
]
