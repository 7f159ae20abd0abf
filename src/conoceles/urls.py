from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

admin.site.site_header = "Conóceles – administración"
admin.site.site_title = "Conóceles"
admin.site.index_title = "Catálogos, candidaturas y cuentas"

urlpatterns = [
    path("gestion/importaciones/", include("conoceles.imports.urls")),
    path("gestion/", admin.site.urls),
    path("", include("conoceles.public.urls")),
]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
