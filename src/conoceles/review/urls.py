"""/revision/: the institute's review screens."""

from django.urls import path

from . import consent_views, views

app_name = "review"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("decisiones/", views.decisions, name="decisions"),
    path("decisiones/observacion/<id:pk>/", views.decide_observation, name="decide_observation"),
    path("decisiones/solicitud/<id:pk>/", views.decide_correction, name="decide_correction"),
    path("bitacora/", views.audit, name="audit"),
    path("formatos/", consent_views.consent_formats, name="consent_formats"),
    path("formatos/<id:pk>/", consent_views.consent_format_detail, name="consent_format"),
    path("formatos/<id:pk>/decidir/", consent_views.decide_format, name="decide_consent_format"),
    path("formatos/<id:pk>/pagina/<id:page>/", consent_views.consent_format_page, name="consent_format_page"),
    path("candidatura/<id:pk>/", views.candidacy_detail, name="candidacy"),
    path("candidatura/<id:pk>/observar/", views.propose, name="propose"),
    path("candidatura/<id:pk>/rubro/<slug:rubro_code>/aceptar/", views.accept, name="accept"),
    path("candidatura/<id:pk>/rubro/<slug:rubro_code>/rechazar/", views.reject, name="reject"),
    path("candidatura/<id:pk>/revisada/", views.mark_reviewed, name="mark_reviewed"),
    path("candidatura/<id:pk>/siguiente/", views.next_candidacy, name="next"),
    path("candidatura/<id:pk>/senalamiento/<id:finding_pk>/descartar/", views.dismiss_finding, name="dismiss_finding"),
    path("candidatura/<id:pk>/bitacora/", views.audit, name="candidacy_audit"),
]
