"""Words of the account screens."""

import datetime

from django import template
from django.template.defaultfilters import pluralize

register = template.Library()


@register.filter
def duration(value: datetime.timedelta) -> str:
    """A lockout's length in words: «15 minutos», «1 hora», «1 hora y 30 minutos» (never «0:15:00»)."""
    hours, minutes = divmod(round(value.total_seconds() / 60), 60)
    parts = [f"{hours} hora{pluralize(hours)}"] if hours else []
    if minutes or not hours:
        parts.append(f"{minutes} minuto{pluralize(minutes)}")
    return " y ".join(parts)
