from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.static import serve

from conoceles.api.api import api
from conoceles.api.middleware import API_PREFIX
from conoceles.core.permissions import Action, can

admin.site.site_header = "Conóceles – administración"
admin.site.site_title = "Conóceles"
admin.site.index_title = "Catálogos, candidaturas y cuentas"

def _admin_has_permission(request):
    """Gestión (the Django admin) is for the institute's administration role only."""
    return request.user.is_active and request.user.is_staff and can(request.user, Action.MANAGE_CATALOGS)


admin.site.has_permission = _admin_has_permission


class _GestionLogin(RedirectView):
    """Where Gestión sends whoever it refuses. Visitors go to the login page; a signed-in account without Gestión
    gets a 403 (the login page sends signed-in users back to `next`, which would be a redirect loop)."""

    pattern_name = "accounts:login"
    query_string = True

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            raise PermissionDenied("Su cuenta no tiene acceso a esta sección.")
        return super().dispatch(request, *args, **kwargs)


urlpatterns = [
    path("gestion/login/", _GestionLogin.as_view()),
    path("", include("conoceles.arco.urls")),  # /cuenta/mis-datos/ and /gestion/arco/
    path("gestion/importaciones/", include("conoceles.imports.urls")),
    path("", include("conoceles.opendata.urls")),
    path("gestion/cuentas/", include("conoceles.accounts.staff_urls")),
    path("gestion/informes/", include("conoceles.reports.urls")),
    path("gestion/", include("conoceles.gestion.urls")),
    path("gestion/proceso/<id:pk>/ciclo-de-vida/", include("conoceles.lifecycle.urls")),
    path("cuenta/avisos/", include("conoceles.notifications.urls")),
    path("cuenta/", include("conoceles.accounts.urls")),
    path("candidaturas/", include("conoceles.candidacies.urls")),
    path("captura/", include("conoceles.review.actor_urls")),
    path("captura/", include("conoceles.questionnaires.urls")),
    path("revision/evaluacion/", include("conoceles.evaluation.urls")),
    path("revision/", include("conoceles.review.urls")),
    path("gestion/", admin.site.urls),
    path(API_PREFIX.lstrip("/"), api.urls),
    path("", include("conoceles.public.urls")),
]

if settings.DEBUG or settings.DEMO:  # in production nginx serves /media/ (docs/despliegue.md)
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
