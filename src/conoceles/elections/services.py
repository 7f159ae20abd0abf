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
    **options,
) -> ElectoralProcess:
    """Create an electoral process after checking it as the admin form would (name unique, dates ordered).

    `options` are the process's other settings (the later dates of DATE_ORDER, `in_public_archive`,
    `keep_open_data`). Earlier processes stay as they are; the public site shows the new one when it has the latest
    election day among the active processes (`ElectoralProcess.objects.current()`)."""
    allowed = {"publication_end_date", "archive_date", "lock_date", "cancellation_date", "in_public_archive",
               "keep_open_data"}
    unknown = set(options) - allowed
    if unknown:
        raise TypeError(f"create_process() got unexpected settings: {', '.join(sorted(unknown))}")
    process = ElectoralProcess(
        name=name,
        entity=entity,
        election_day=election_day,
        capture_deadline=capture_deadline,
        is_active=is_active,
        **options,
    )
    process.full_clean()
    process.save()
    candidacies_changed([], reason=Reason.ADMIN)
    return process
