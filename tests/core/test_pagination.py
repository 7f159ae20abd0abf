"""The pagination shared by every list reads its numbers with thousands separators («Página 1,234 de 12,000»)."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def test_page_numbers_have_thousands_separators():
    page = Paginator(range(12_000), 1).page(1234)
    html = render_to_string("includes/pagination.html", {"page": page}, request=RequestFactory().get("/?q=x"))
    assert "Página 1,234 de 12,000" in html
    assert "page=1235" in html and "q=x" in html
