"""Template pieces other apps' screens include: the pending ARCO count (Gestión's dashboard) and the warning that the
aviso de privacidad's conservation section no longer matches the process's dates (the dates screen)."""

from django import template

from ..models import ArcoRequest, Status
from ..notice import outdated_notices

register = template.Library()


@register.simple_tag
def arco_pending_count() -> int:
    return ArcoRequest.objects.filter(status=Status.PENDING).count()


@register.inclusion_tag("arco/_notice_outdated.html")
def notice_outdated_warning(process):
    return {"notices": outdated_notices(process) if process is not None else [], "process": process}
