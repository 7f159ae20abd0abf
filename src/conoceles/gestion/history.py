"""Who changed which setting, when, from what to what: read from django-simple-history's records."""

import datetime
from dataclasses import dataclass
from itertools import islice

RECENT = 15


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: object
    new: object


@dataclass(frozen=True)
class SettingChange:
    at: object
    user: object
    subject: str
    created: bool
    changes: tuple[FieldChange, ...]


def _shown(value, field):
    """A choice as its label, a catalog (a list) as its values separated by commas, a date as dd/mm/aaaa, an empty
    text as nothing (shown «—»), anything else as it is."""
    if value == "":
        return None
    if field.choices and value in dict(field.flatchoices):
        return dict(field.flatchoices)[value]
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return value


def recent_changes(*histories, subject=str, limit: int = RECENT) -> list[SettingChange]:
    """The latest `limit` records of these history querysets (each of one model), newest first, each with the
    fields it changed against the record before it. `subject(record)`: what the row is, for the table."""
    records = sorted(
        (record for history in histories for record in history.select_related("history_user")[:limit]),
        key=lambda record: record.history_date,
        reverse=True,
    )
    result = []
    for record in islice(records, limit):
        previous = record.prev_record
        changes = ()
        if previous is not None:
            meta = record.instance_type._meta
            order = [field.name for field in meta.fields]
            changes = tuple(
                FieldChange(
                    meta.get_field(change.field).verbose_name,
                    _shown(change.old, meta.get_field(change.field)),
                    _shown(change.new, meta.get_field(change.field)),
                )
                for change in sorted(record.diff_against(previous).changes, key=lambda c: order.index(c.field))
            )
        if previous is not None and not changes:
            continue
        created = previous is None
        result.append(SettingChange(record.history_date, record.history_user, subject(record), created, changes))
    return result
