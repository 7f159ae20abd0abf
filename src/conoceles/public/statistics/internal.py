"""The institute's own statistics (Action.VIEW_STATISTICS, never public): the public page's tables computed from
today's data with every cell (no suppression, no rounding), plus the seven groups by political actor and by cargo."""

import datetime

from conoceles.questionnaires.models import CaptureRules

from .figures import age_and_sex, capture_progress, education, groups_by_actor_and_cargo, identity_tables
from .tables import Table


def internal_statistics(process, today: datetime.date) -> dict:
    """Every table of the public page as of `today`, exact, and the groups by actor and by cargo (a fixed number of
    queries whatever the number of candidacies)."""
    rules = CaptureRules.objects.filter(process=process).first() or CaptureRules(process=process)
    identity, consented = identity_tables(process, today, 0)
    return {
        "progress": capture_progress(process, today, rules),
        "profile": [education(process, today, rules), age_and_sex(process, today)],
        "identity": [*identity, *groups_by_actor_and_cargo(process, today)],
        "consented": consented,
    }


def all_tables(stats: dict) -> list[Table]:
    return [*stats["progress"], *stats["profile"], *stats["identity"]]
