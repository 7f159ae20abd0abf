"""What the demo election needs of the qualitative evaluation: the default rubric and about twenty candidacies scored
through the services by the demo reviewer, as a person would: the suggestions taken, most variables without one
marked «cumple», now and then a suggestion changed."""

import random

from conoceles.accounts.models import User
from conoceles.evaluation import services

SCORED = 20


def seed_demo_evaluation(process, *, reviewer: User, seed: int) -> str:
    rubric = services.ensure_default_rubric(process)
    variables = services.variables_of(rubric)
    rng = random.Random(seed)
    candidacies = services.scorable(process).order_by("contest__cargo__order", "contest__name", "actor__order", "pk")
    scored = []
    for candidacy in candidacies[:SCORED]:
        answers = services.suggestions(candidacy, rubric, variables)
        for pk, suggested in answers.items():
            if suggested is None:
                answers[pk] = rng.random() < 0.75
            elif rng.random() < 0.1:  # the reviewer disagrees with the suggestion
                answers[pk] = not suggested
        scored.append(services.score_candidacy(candidacy, answers, by=reviewer).total)
    average = sum(scored) / len(scored) if scored else 0
    return (
        f"Evaluación cualitativa: rúbrica de {rubric.max_score} puntos, {len(scored)} candidaturas calificadas "
        f"(promedio {average:.1f})."
    )
