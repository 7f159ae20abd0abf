"""conoceles.core.compiled: a queryset compiled once answers, run with other values, what the ORM would."""

import pytest

from conoceles.candidacies.models import Candidacy
from conoceles.core.compiled import CompiledQuery
from tests.factories import CandidacyFactory

pytestmark = pytest.mark.django_db


def test_the_compiled_query_answers_what_the_orm_would_and_compiles_once_per_shape_and_count(world):
    made = [
        CandidacyFactory(contest=world.contests["MR1"], actor=world.actors[actor], formula_number=number)
        for actor in ("PAN", "SHH")
        for number in (1, 2, 3)
    ]
    built = []

    def of_actor(actor_pk, marks):  # a real 1 among the parameters stays a 1; only the marks are replaced
        built.append((actor_pk, len(marks)))
        return (
            Candidacy.objects.filter(pk__in=marks, actor_id=actor_pk, formula_number__gte=1)
            .order_by("pk")
            .values_list("pk", "formula_number")
        )

    query = CompiledQuery(of_actor)
    pan, shh = world.actors["PAN"].pk, world.actors["SHH"].pk
    for actor_pk in (pan, shh):
        for asked in ([made[0].pk], [made[3].pk], [made[0].pk, made[4].pk], [made[5].pk, made[1].pk], [10**9, 1]):
            expected = list(
                Candidacy.objects.filter(pk__in=asked, actor_id=actor_pk)
                .order_by("pk")
                .values_list("pk", "formula_number")
            )
            assert query.rows(actor_pk, asked) == expected
    assert sorted(built) == sorted([(pan, 1), (pan, 2), (shh, 1), (shh, 2)])  # once per actor and number of pks
