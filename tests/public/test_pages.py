"""The institute's pages: aviso de privacidad (versions in force), acerca and the accessibility statement; and the
institute's identity from configuration in every page."""

import re

import pytest
from django.urls import reverse

from conoceles.questionnaires.models import PrivacyNotice

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_public_cache(settings):
    settings.PUBLIC_CACHE_ENABLED = False


def test_privacy_notice_shows_the_versions_in_force(client, world):
    for version, text in ((1, "Texto integral viejo"), (2, "Texto integral vigente")):
        PrivacyNotice.objects.create(
            process=world.process, kind=PrivacyNotice.Kind.INTEGRAL, version=version, text=text
        )
    PrivacyNotice.objects.create(
        process=world.process, kind=PrivacyNotice.Kind.SIMPLIFIED, version=1, text="Texto simplificado"
    )
    html = client.get(reverse("public:privacy_notice")).content.decode()
    assert "Texto integral vigente" in html and "Texto simplificado" in html
    assert "Texto integral viejo" not in html
    assert "Versión 2, publicada el" in html and "Versión 1, publicada el" in html


@pytest.mark.usefixtures("world")
def test_privacy_notice_before_it_is_published(client, settings):
    settings.INSTITUTE = {**settings.INSTITUTE, "email": "datos@instituto.example"}
    html = client.get(reverse("public:privacy_notice")).content.decode()
    assert "aún no ha publicado el aviso" in html and "datos@instituto.example" in html


def test_about(client, world):
    html = client.get(reverse("public:about")).content.decode()
    assert world.process.name in html and "responsabilidad del actor político" in html
    assert f'<a href="{reverse("api-v1:openapi-view")}">API pública</a>' in html
    assert f'href="{reverse("api-v1:openapi-json")}"' in html


def test_accessibility_statement_gives_the_contact(client, settings):
    settings.INSTITUTE = {
        **settings.INSTITUTE,
        "accessibility_email": "a11y@instituto.example",
        "phone": "983 000 1111",
    }
    html = client.get(reverse("public:accessibility")).content.decode()
    assert "WCAG" in html and "2.1" in html and "AA" in html
    assert 'href="mailto:a11y@instituto.example"' in html and "983 000 1111" in html


@pytest.mark.parametrize("name", ["privacy_notice", "about", "accessibility", "home"])
def test_pages_carry_the_institute_identity_and_footer_links(client, settings, name):
    settings.INSTITUTE = {
        **settings.INSTITUTE,
        "primary_color": "#123456",
        "secondary_color": "#abcdef",
        "logo": "https://cdn.instituto.example/logo.svg",
    }
    response = client.get(reverse(f"public:{name}"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "--conoceles-primary: #123456" in html and "--conoceles-secondary: #abcdef" in html
    assert 'src="https://cdn.instituto.example/logo.svg"' in html
    for page in ("privacy_notice", "about", "accessibility"):
        assert f'href="{reverse(f"public:{page}")}"' in html
    assert f'<a href="{reverse("api-v1:openapi-view")}">API</a>' in html
    assert "responsabilidad de los actores políticos" in html


def test_default_logo_is_a_static_file(client):
    html = client.get(reverse("public:about")).content.decode()
    assert "conoceles/img/institute-logo.svg" in html


def test_env_color_falls_back_on_anything_but_a_hex_colour(monkeypatch):
    from conoceles.settings import env_color

    monkeypatch.setenv("X_COLOR", "#0A0b0C")
    assert env_color("X_COLOR", "#111111") == "#0A0b0C"
    for bad in ("red", "#12345", "#1234567", "#12345g; } body { display:none"):
        monkeypatch.setenv("X_COLOR", bad)
        assert env_color("X_COLOR", "#111111") == "#111111"


def test_the_favicon_is_linked_from_every_page_and_answers_at_favicon_ico(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    page = client.get(reverse("public:home")).content.decode()
    assert re.search(r'<link rel="icon" href="/static/conoceles/img/favicon[^"]*\.svg" type="image/svg\+xml">', page)


# Imperatives and pronouns of «usted» that the public site once mixed with «tú» (docs/estilo.md: tú, once).
USTED = re.compile(
    r"\b(Consulte|Elija|Escriba|Revise|Vuelva|Intente|Agregue|Marque|Pulse|Use|Tiene una|Puede|usted|llame)\b"
)


@pytest.mark.usefixtures("open_world")
def test_the_public_site_speaks_to_citizens_as_tu_on_every_page(client, world):
    from django.template.loader import render_to_string

    pages = {
        url: client.get(url).content.decode()
        for url in [
            *(reverse(f"public:{name}") for name in ("home", "search", "ballot", "statistics", "compare")),
            *(reverse(f"public:{name}") for name in ("privacy_notice", "about", "accessibility")),
            reverse("opendata:index"),
            "/no-existe/",
        ]
    }
    pages["no-disponible"] = render_to_string("snapshot/unavailable.html", {})
    assert "Tu boleta" in pages[reverse("public:home")] and "Elige de 2 a 4" in pages[reverse("public:compare")]
    for url, page in pages.items():
        text = re.sub(r"<[^>]+>", " ", page)
        assert not USTED.search(text), f"{url}: «{USTED.search(text).group(0)}»"
