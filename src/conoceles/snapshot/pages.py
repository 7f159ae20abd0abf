"""What the snapshot holds and how each file is made: every public URL is rendered by its own view, as the live site
renders it (same templates, same publication gate), with the links made relative (public.snapshot_files)."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import resolve, reverse

from conoceles.candidacies.models import Candidacy
from conoceles.elections.models import ElectoralProcess
from conoceles.public.ballots import lookup_shards, section_keys
from conoceles.public.snapshot_files import relative_links
from conoceles.review.publication import published_candidacies

# Pages every snapshot has (URL names); each is rendered again on every incremental update but the last three,
# which change only with a full build.
CHANGING_PAGES = ("public:home", "public:statistics", "opendata:index")
FIXED_PAGES = ("public:ballot", "public:privacy_notice", "public:about", "public:accessibility", "public:favicon")
UNAVAILABLE_PAGE = "/no-disponible.html"  # what nginx answers, with a 503, when the application is down
NOT_FOUND_PAGE = "/404.html"


def _request(path: str):
    """An anonymous GET of `path`, on the host of SITE_URL (canonical links and JSON-LD name the real site)."""
    site = urlsplit(settings.SITE_URL)
    request = RequestFactory(HTTP_HOST=site.netloc).get(path, secure=site.scheme == "https")
    request.user = AnonymousUser()
    return request


def render(path: str) -> bytes | None:
    """The body of the public page at `path` as the snapshot keeps it, or None when the live site would not answer
    it with a 200 (not published, withdrawn, substituted: the application answers those)."""
    request = _request(path)
    match = resolve(path)
    request.resolver_match = match
    try:
        response = match.func(request, *match.args, **match.kwargs)
    except Http404:
        return None
    if response.status_code != 200 or response.streaming:
        return None
    return _finish(response.content, response.get("Content-Type", ""), path)


def _finish(content: bytes, content_type: str, path: str) -> bytes:
    if content_type.startswith("text/html"):
        return relative_links(content.decode(), path).encode()
    return content


def render_template(path: str, template: str, status_page: bool = True) -> bytes:
    """A page that is no URL of the application (the 503 and 404 pages nginx serves)."""
    request = _request(path)
    request.resolver_match = None
    return _finish(render_to_string(template, {}, request=request).encode(), "text/html", path)


# --------------------------------------------------------------------------------------------
# What the current process's snapshot is made of
# --------------------------------------------------------------------------------------------


def profile_paths(pk: int) -> tuple[str, str]:
    return reverse("public:profile", args=[pk]), reverse("public:photo", args=[pk])


def published_ids(process: ElectoralProcess) -> list[int]:
    return list(
        published_candidacies(queryset=Candidacy.objects.filter(process=process)).order_by("pk").values_list(
            "pk", flat=True
        )
    )


@dataclass
class BallotPlan:
    """The distinct ballots: key -> contest ids, and the lookup files."""

    keys: dict[int, str]  # sección number -> key

    @property
    def ballots(self) -> dict[str, list[int]]:
        return {key: [int(pk) for pk in key.split("-")] for key in sorted(set(self.keys.values()))}

    @property
    def shards(self) -> dict[int, dict[str, str]]:
        return lookup_shards(self.keys)


def contest_paths(pk: int) -> list[str]:
    """The contest's page and the fragment of it that ballot pages load."""
    return [reverse("public:contest", args=[pk]), reverse("public:contest_fragment", args=[pk])]


def ballot_plan(process: ElectoralProcess) -> BallotPlan:
    return BallotPlan(section_keys(process))
