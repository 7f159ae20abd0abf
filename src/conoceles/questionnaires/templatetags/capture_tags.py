"""Template helpers of the capture screens."""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def optional_url(name, *args):
    """The URL of a route of another part of the capture screens, or "" while that route does not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""
