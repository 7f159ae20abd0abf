"""The public API (django-ninja): read-only, under /api/v1/, its OpenAPI document at /api/v1/openapi.json and its
documentation page at /api/v1/docs: Swagger UI from files vendored in static/conoceles/vendor/swagger-ui (served by
this site: no CDN, nothing the Content-Security-Policy forbids). Answers in UTF-8 JSON; every refusal is
`{"code", "detail"}`. HTTP behaviour (cookies ignored, CORS, rate limit, caching) is conoceles.api.middleware's."""

from django.shortcuts import render
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.openapi.docs import Swagger
from ninja.renderers import JSONRenderer

from conoceles.public.error_codes import PublicErrorCode

from .errors import ApiError, parameter_errors
from .views import router

DESCRIPTION = """Los datos públicos de «Candidatas y Candidatos, Conóceles»: procesos electorales, contiendas, actores
políticos, candidaturas publicadas (con los filtros de la búsqueda del sitio), el perfil público de cada candidatura,
la boleta por sección electoral, las estadísticas públicas y las versiones de los datos abiertos.

Solo lectura y sin registro. Lo que responde es exactamente lo que el sitio público muestra: nunca datos de contacto
privados, cuentas, consentimientos ni respuestas de identidad (salvo los grupos que el perfil muestra).

- **Páginas**: `page` (desde 1) y `page_size` (de 1 a 500; 50 si se omite).
- **Caché**: cada respuesta lleva `ETag` y `Cache-Control: public`; repita la consulta con `If-None-Match` y recibirá
  304 si nada cambió.
- **Límite**: un número de consultas por minuto por dirección IP; al pasarlo, 429 con `Retry-After` (segundos).
- **Errores**: JSON `{"code": "...", "detail": "..."}` con un código estable y el motivo en español.

Guía con ejemplos: docs/api.md del proyecto."""


class Utf8JSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


class VendoredSwagger(Swagger):
    """Swagger UI from the vendored files, in a page of this site (api/docs.html) without inline script."""

    template = "api/docs.html"

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {"swagger_settings": self.settings, "api": api}
        return render(request, self.template, context)


api = NinjaAPI(
    title="API pública de Conóceles",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    renderer=Utf8JSONRenderer(),
    docs=VendoredSwagger(settings={"validatorUrl": None, "tryItOutEnabled": True, "displayRequestDuration": True}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("", router)


@api.exception_handler(ApiError)
def _refusal(request, exc: ApiError):
    return api.create_response(request, exc.body(), status=exc.status)


@api.exception_handler(ValidationError)
def _invalid_parameters(request, exc: ValidationError):
    errors = parameter_errors(exc.errors)
    body = {
        "code": str(PublicErrorCode.INVALID_PARAMETER),
        "detail": " ".join(e["detail"] for e in errors) or "Un parámetro no es válido.",
        "errors": errors,
    }
    return api.create_response(request, body, status=422)
