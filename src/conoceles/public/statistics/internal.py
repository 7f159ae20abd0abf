"""The institute's own statistics (Action.VIEW_STATISTICS, never public): the public page's tables computed from
today's data with every cell (no suppression, no rounding), plus the seven groups by political actor and by cargo;
and the same tables as a workbook."""

import datetime
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from conoceles.questionnaires.models import CaptureRules

from .figures import age_and_sex, capture_progress, education, groups_by_actor_and_cargo, identity_tables
from .tables import Table

SHEET_TITLE_MAX = 31  # Excel's limit


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


def workbook(stats: dict) -> bytes:
    """One sheet per table: its title and columns in a frozen bold first row, then its rows and total as numbers,
    and its note under them."""
    book = Workbook()
    book.remove(book.active)
    for table in all_tables(stats):
        sheet = book.create_sheet(table.title[:SHEET_TITLE_MAX])
        sheet.append([table.title, *table.columns])
        for row in [*table.rows, *([table.total] if table.total else [])]:
            sheet.append([row.label, *(cell.value for cell in row.cells)])
        if table.note:
            sheet.append([])
            sheet.append([table.note])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 40
        sheet.freeze_panes = "B2"
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
