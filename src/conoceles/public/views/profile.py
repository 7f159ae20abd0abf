"""A candidacy's public profile (its fórmula), its PDF and its photo: all from conoceles.public.profiles."""

import base64
import json

from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from conoceles.candidacies.models import Candidacy
from conoceles.questionnaires.models import CurricularQuestionnaire
from conoceles.review.publication import is_public

from ..profiles import photo_version, public_profile, substitute_of
from ..snapshot_files import keep_profile_pdf
from ..version import publication_version

PHOTO_MAX_AGE = 24 * 60 * 60  # a day: the URL changes with the photo; an observed photo leaves caches within a day

# The escapes of django.utils.html.json_script: a JSON data block can never close its <script> element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def contest_url(profile) -> str:
    """The contest page, when the site has one."""
    try:
        return reverse("public:contest", args=[profile.contest_pk])
    except NoReverseMatch:
        return ""


def json_ld(request, profile) -> str:
    """schema.org Person of the profile, as the content of a <script type="application/ld+json"> element."""
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": profile.name,
        "jobTitle": f"{profile.position_label} · {profile.contest}",
        "affiliation": {"@type": "Organization", "name": profile.actor.name, "alternateName": profile.actor.acronym},
        "url": request.build_absolute_uri(profile.url),
    }
    if profile.photo_url:
        data["image"] = request.build_absolute_uri(profile.photo_url)
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308 (escaped)


def pdf_filename(profile) -> str:
    """The profile's PDF as a download is named after the person and dated: `maria-lopez-hernandez-2027-05-01.pdf`
    (the date of the download: the PDF shows the profile as it is that day)."""
    return f"{slugify(profile.name) or 'candidatura'}-{timezone.localdate().isoformat()}.pdf"


def _profile_or_404(pk):
    profile = public_profile(pk)
    if profile is None:
        raise Http404("Esta candidatura no está publicada.")
    return profile


@require_safe
def profile(request, pk):
    found = public_profile(pk)
    if found is None:
        substitute = substitute_of(pk)
        if substitute is None:
            raise Http404("Esta candidatura no está publicada.")
        # Nothing of the substituted person: only where to find whoever replaced her.
        return render(request, "public/profile_substituted.html", {"substitute": substitute}, status=410)
    context = {
        "profile": found,
        "contest_url": contest_url(found),
        "json_ld": json_ld(request, found),
        "pdf_filename": pdf_filename(found),  # the snapshot's PDF file has no header: the link's `download` names it
    }
    return render(request, "public/profile.html", context)


def _photo_data_uri(pk) -> str:
    """The photo embedded in the PDF (WeasyPrint fetches nothing), only when the profile shows it."""
    name = CurricularQuestionnaire.objects.filter(candidacy_id=pk).values_list("photo", flat=True).first()
    if not name:
        return ""
    field = CurricularQuestionnaire._meta.get_field("photo")
    try:
        with field.storage.open(name, "rb") as handle:
            return "data:image/jpeg;base64," + base64.b64encode(handle.read()).decode()
    except FileNotFoundError:
        return ""


@require_safe
def profile_pdf(request, pk):
    version = publication_version()
    found = _profile_or_404(pk)
    from weasyprint import HTML  # imported here: loading pango costs time every other view should not pay

    html = render_to_string(
        "public/profile_pdf.html",
        {
            "profile": found,
            "photo": _photo_data_uri(pk) if found.photo_url else "",
            "page_url": request.build_absolute_uri(found.url),
        },
        request=request,
    )
    # No base_url: the document references no file or URL (the photo is inline), so WeasyPrint fetches nothing.
    content = HTML(string=html).write_pdf()
    keep_profile_pdf(found.pk, content, version)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(found)}"'
    return response


@require_safe
def photo(request, pk):
    """The photo from private storage, only while the candidacy's "Datos generales" are public."""
    if not is_public(Candidacy(pk=pk), "general"):
        raise Http404("La fotografía no está publicada.")
    name = CurricularQuestionnaire.objects.filter(candidacy_id=pk).values_list("photo", flat=True).first()
    if not name:
        raise Http404("Esta candidatura no tiene fotografía.")
    etag = f'"{photo_version(name)}"'
    headers = {"ETag": etag, "Cache-Control": f"public, max-age={PHOTO_MAX_AGE}"}
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        field = CurricularQuestionnaire._meta.get_field("photo")
        try:
            with field.storage.open(name, "rb") as handle:
                response = HttpResponse(handle.read(), content_type="image/jpeg")
        except FileNotFoundError:
            raise Http404("No se encontró el archivo de la fotografía.") from None
    for key, value in headers.items():
        response[key] = value
    return response
