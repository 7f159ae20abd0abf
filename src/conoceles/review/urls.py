"""/revision/: the institute's review screens."""

from django.urls import path

from . import views

app_name = "review"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("decisiones/", views.decisions, name="decisions"),
    path("decisiones/observacion/<int:pk>/", views.decide_observation, name="decide_observation"),
    path("decisiones/solicitud/<int:pk>/", views.decide_correction, name="decide_correction"),
    path("bitacora/", views.audit, name="audit"),
    path("candidatura/<int:pk>/", views.candidacy_detail, name="candidacy"),
    path("candidatura/<int:pk>/observar/", views.propose, name="propose"),
    path("candidatura/<int:pk>/rubro/<slug:rubro_code>/aceptar/", views.accept, name="accept"),
    path("candidatura/<int:pk>/bitacora/", views.audit, name="candidacy_audit"),
]
