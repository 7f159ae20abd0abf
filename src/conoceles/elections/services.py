"""Operations that change the election catalogs (DOMAIN.md §3)."""

import datetime

from conoceles.changes import Reason, candidacies_changed

from .models import ElectoralProcess


def create_process(
    *,
    name: str,
    entity: int,
    election_day: datetime.date,
    capture_deadline: datetime.date | None = None,
    is_active: bool = True,
) -> ElectoralProcess:
    """Create an electoral process after checking it as the admin form would (name unique, dates ordered)."""
    process = ElectoralProcess(
        name=name,
        entity=entity,
        election_day=election_day,
        capture_deadline=capture_deadline,
        is_active=is_active,
    )
    process.full_clean()
    process.save()
    candidacies_changed([], reason=Reason.ADMIN)
    return process
