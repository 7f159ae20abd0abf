"""The API's refusals: one JSON shape, `{"code": ..., "detail": "<mensaje en español>"}` (plus `errors`, one per
parameter, for a 422), with the codes of conoceles.public.error_codes. Views raise ApiError; the middleware turns every
other error response under /api/v1/ (404 of an unknown address, 405, 500) into the same shape."""

import json
from dataclasses import dataclass, field

from django.http import HttpResponse

from conoceles.public.error_codes import PublicErrorCode

# status -> what a bare error response of that status (not made by the API's views) says
GENERIC = {
    400: (PublicErrorCode.BAD_REQUEST, "La solicitud no se pudo leer."),
    404: (PublicErrorCode.NOT_FOUND, "Esta dirección no existe en la API. Consulte /api/v1/docs."),
    405: (PublicErrorCode.METHOD_NOT_ALLOWED, "La API solo admite consultas: GET, HEAD y OPTIONS."),
    500: (PublicErrorCode.SERVER_ERROR, "Ocurrió un error en el servidor. Intente de nuevo más tarde."),
}


@dataclass
class ApiError(Exception):
    """A refusal an API view raises: answered as JSON with `status` (conoceles.api.api's handler)."""

    status: int
    code: PublicErrorCode
    detail: str
    extra: dict = field(default_factory=dict)

    def body(self) -> dict:
        return {"code": str(self.code), "detail": self.detail, **self.extra}


def error_response(status: int, code: PublicErrorCode, detail: str, **extra) -> HttpResponse:
    """A JSON refusal made outside the views (the middleware's 405 and 429, the generic errors)."""
    content = json.dumps({"code": str(code), "detail": detail, **extra}, ensure_ascii=False)
    return HttpResponse(content, status=status, content_type="application/json; charset=utf-8")


# What a 422 says of each kind of pydantic error: the parameter's name is put in front.
_MESSAGES = {
    "missing": "es obligatorio",
    "int_parsing": "debe ser un número entero",
    "int_type": "debe ser un número entero",
    "int_from_float": "debe ser un número entero",
    "greater_than_equal": "debe ser mayor o igual que {ge}",
    "greater_than": "debe ser mayor que {gt}",
    "less_than_equal": "debe ser menor o igual que {le}",
    "less_than": "debe ser menor que {lt}",
    "string_too_long": "admite como máximo {max_length} caracteres",
    "string_too_short": "debe tener al menos {min_length} caracteres",
    "literal_error": "debe ser uno de: {expected}",
    "enum": "debe ser uno de: {expected}",
}
_DATETIME = "debe ser una fecha y hora ISO 8601, p. ej. 2027-05-01T18:00:00-06:00"


def parameter_errors(errors: list[dict]) -> list[dict]:
    """[{"parameter", "detail"}] in Spanish from pydantic's (ninja's) validation errors."""
    found = []
    for error in errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path", "body")]
        name = location[-1] if location else ""
        kind = error.get("type", "")
        context = {k: str(v) for k, v in (error.get("ctx") or {}).items()}
        if kind.startswith(("datetime", "date", "timezone")):
            message = _DATETIME
        else:
            try:
                message = _MESSAGES[kind].format(**context)
            except (KeyError, IndexError):
                message = "no es válido"
        found.append({"parameter": name, "detail": f"«{name}» {message}." if name else f"{message.capitalize()}."})
    return found
