"""/captura/<pk>/validacion/: the actor's validation, observations and correction requests."""

from django.urls import path

from . import actor_views

app_name = "review_actor"
urlpatterns = [
    path("<id:pk>/validacion/", actor_views.status, name="status"),
    path("<id:pk>/validacion/validar/", actor_views.validate, name="validate"),
    path("<id:pk>/validacion/rubro/<slug:rubro_code>/enviar/", actor_views.submit_correction, name="submit"),
    path("<id:pk>/validacion/solicitar-correccion/", actor_views.request_correction, name="request_correction"),
]
