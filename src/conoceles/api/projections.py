"""The public objects (conoceles.public: cards, profiles, slates, statistics tables) as the API's schemas read them.

Nothing here reads a model the public site does not show: the candidacies come through the publication gate already
(conoceles.public.search.cards and slates, conoceles.public.profiles), catalogs are their public fields only (never an
actor's contact e-mail), and statistics are the suppressed tables of the public page.
"""

from django.urls import reverse

from conoceles.public.statistics import Row, Table


class Links:
    """Absolute URLs for one request (the page cache keys answers by scheme and host, as it does pages)."""

    def __init__(self, request):
        self.origin = request.build_absolute_uri("/")[:-1]  # scheme and host, once per answer
        self._candidacy = reverse("api-v1:candidacy", args=[2147483647])

    def absolute(self, path: str) -> str | None:
        """The absolute URL of a path of this site ("" -> None)."""
        return self.origin + path if path else None

    def candidacy(self, pk: int) -> str:
        return self.absolute(self._candidacy.replace("2147483647", str(pk)))


def actor_ref(actor) -> dict:
    return {"id": actor.pk, "acronym": actor.acronym, "name": actor.name, "color": actor.color}


def card(candidacy, links: Links) -> dict:
    """A candidacy of conoceles.public.search.cards (or slates): what its card on the site shows."""
    contest = candidacy.contest
    return {
        "id": candidacy.pk,
        "name": candidacy.full_name,
        "position": candidacy.position,
        "position_label": candidacy.position_label,
        "formula_number": candidacy.formula_number,
        "sex": candidacy.get_sex_display(),
        "age": candidacy.age,
        "cargo": {"id": contest.cargo_id, "name": contest.cargo.name},
        "contest": {"id": contest.pk, "name": contest.name},
        "actor": actor_ref(candidacy.actor),
        "education_level": candidacy.public_education or None,
        "photo_url": links.absolute(candidacy.photo_url),
        "profile_url": links.absolute(candidacy.profile_url),
        "url": links.candidacy(candidacy.pk),
    }


def profile(found, links: Links, *, with_partner: bool = True) -> dict:
    """A conoceles.public.profiles.PublicProfile: the public projection of a candidacy, nothing more; with its
    fórmula partner's (without the partner's partner)."""
    data = {
        "id": found.pk,
        "name": found.name,
        "position": found.position,
        "position_label": found.position_label,
        "sex": found.sex,
        "age": found.age,
        "cargo": found.cargo,
        "contest": {"id": found.contest_pk, "name": found.contest},
        "district": found.district,
        "municipality": found.municipality,
        "formula_number": found.formula_number,
        "actor": {
            "acronym": found.actor.acronym,
            "name": found.actor.name,
            "kind": found.actor.kind,
            "color": found.actor.color,
            "emblem_url": links.absolute(found.actor.emblem_url),
            "members": [{"acronym": acronym, "name": name} for acronym, name in found.actor.members],
        },
        "consecutive_election": found.consecutive_election,
        "affirmative_action": found.affirmative_action,
        "groups": list(found.groups),
        "photo_url": links.absolute(found.photo_url),
        "profile_url": links.absolute(found.url),
        "pdf_url": links.absolute(reverse("public:profile_pdf", args=[found.pk])),
        "url": links.candidacy(found.pk),
        "rubros": [
            {
                "code": rubro.code,
                "label": rubro.label,
                "available": rubro.available,
                "message": rubro.message,
                "fields": [
                    {"name": f.name, "label": f.label, "value": f.value, "provided": f.provided, "kind": str(f.kind)}
                    for f in rubro.fields
                ],
            }
            for rubro in found.rubros
        ],
    }
    if with_partner:
        data["partner"] = profile(found.partner, links, with_partner=False) if found.partner is not None else None
    return data


def process(row, current) -> dict:
    return {
        "id": row.pk,
        "name": row.name,
        "entity": row.get_entity_display(),
        "entity_code": row.entity,
        "election_day": row.election_day,
        "current": current is not None and row.pk == current.pk,
    }


def cargo(row) -> dict:
    return {
        "id": row.pk,
        "code": row.code,
        "name": row.name,
        "scope": row.scope,
        "scope_label": row.get_scope_display(),
        "order": row.order,
        "publication_start": row.publication_start,
        "publication_end": row.publication_end,
    }


def actor(row, links: Links) -> dict:
    """A political actor's public fields: never its contact e-mail."""
    return {
        "id": row.pk,
        "kind": row.kind,
        "kind_label": row.get_kind_display(),
        "acronym": row.acronym,
        "name": row.name,
        "color": row.color,
        "emblem_url": links.absolute(row.emblem.url) if row.emblem else None,
        "member_ids": sorted(member.pk for member in row.members.all()),
    }


def contest(row) -> dict:
    return {
        "id": row.pk,
        "name": row.name,
        "cargo": {"id": row.cargo_id, "code": row.cargo.code, "name": row.cargo.name},
        "district": district(row.district),
        "municipality": municipality(row.municipality),
        "circumscription": row.circumscription,
    }


def choices(field) -> list[dict]:
    """The non-empty choices of a search form's field."""
    return [{"value": str(value), "label": str(label)} for value, label in field.choices if value not in ("", None)]


def district(row) -> dict | None:
    return {"number": row.number, "head_town": row.head_town} if row is not None else None


def municipality(row) -> dict | None:
    return {"id": row.pk, "inegi_key": row.inegi_key, "name": row.name} if row is not None else None


def slate(contest_slate, links: Links) -> dict:
    """A conoceles.public.search.ContestSlate: a contest's published fórmulas by actor."""
    contest = contest_slate.contest
    return {
        "id": contest.pk,
        "name": contest.name,
        "cargo": {"id": contest.cargo_id, "name": contest.cargo.name},
        "candidacy_count": contest_slate.candidacy_count,
        "actors": [
            {
                "actor": actor_ref(actor_slate.actor),
                "formulas": [
                    {
                        "number": formula.number,
                        "owner": card(formula.owner, links) if formula.owner else None,
                        "alternate": card(formula.alternate, links) if formula.alternate else None,
                    }
                    for formula in actor_slate.formulas
                ],
            }
            for actor_slate in contest_slate.actors
        ],
    }


def _row(row: Row) -> dict:
    # A reserved cell keeps no figure: its value never leaves the server.
    return {
        "label": row.label,
        "cells": [{"value": None if c.hidden else c.value, "hidden": c.hidden} for c in row.cells],
    }


def table(t: Table) -> dict:
    """A table of the public statistics page (conoceles.public.statistics), as suppressed as the page shows it."""
    return {
        "key": t.key,
        "title": t.title,
        "columns": list(t.columns),
        "rows": [_row(r) for r in t.rows],
        "total": _row(t.total) if t.total else None,
        "note": t.note,
    }


def release(row, links: Links) -> dict:
    """An open-data release (conoceles.opendata.models.OpenDataRelease): its public facts, not who generated it."""
    files = row.published_file_rows if isinstance(row.files, list) else []
    return {
        "name": row.name,
        "data_date": row.data_date,
        "created_at": row.created_at,
        "size": row.size,
        "sha256": row.sha256,
        "candidacies": row.candidacies,
        "files": [
            {"name": str(f.get("name", "")), "size": f.get("size"), "sha256": str(f.get("sha256", ""))}
            for f in files
            if isinstance(f, dict)
        ],
        "changes": row.changes if isinstance(row.changes, dict) else {},
        "download_url": links.absolute(row.download_path) if row.zip_published else "",
    }
