"""What a report is, whatever its kind: a title, key figures and sections of tables. Each kind's builder
(`conoceles.reports.builders.<kind>.build`) returns a ReportDocument; `conoceles.reports.rendering` turns any of them
into the staff screen, the PDF for the Consejo General and the XLSX for analysts, so the three always agree."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from conoceles.public.statistics.tables import Table

Value = str | int | float | datetime.date | datetime.datetime | None

# progress(percent 0–100, what is being done): builders report their advance to the report's page.
Progress = Callable[[int, str], None]


@dataclass
class ReportTable:
    """One table: in the PDF and on screen a table (with a bar chart when `chart_column` is set), in the XLSX a
    sheet with frozen headers and real numbers."""

    key: str  # unique within the report; the XLSX sheet's name is derived from the title
    title: str
    columns: list[str]  # the first column labels the rows
    rows: list[list[Value]]
    total: list[Value] | None = None
    note: str = ""
    chart_column: int | None = None  # a numeric column drawn as horizontal bars, one per row
    percent_columns: tuple[int, ...] = ()  # values 0–1 shown as percentages
    pdf_rows: int | None = None  # the PDF and the screen show this many rows (a long list); the XLSX all of them


@dataclass
class Section:
    title: str
    tables: list[ReportTable] = field(default_factory=list)
    text: str = ""  # paragraphs before the tables, separated by blank lines


@dataclass
class ReportDocument:
    title: str
    sections: list[Section]
    summary: list[tuple[str, Value]] = field(default_factory=list)  # key figures on the first page


HIDDEN = "—"  # a suppressed cell, in every output


def from_statistics_table(table: Table) -> ReportTable:
    """A statistics Table (conoceles.public.statistics.tables), its suppressed cells shown as HIDDEN."""

    def values(cells):
        return [HIDDEN if cell.hidden else cell.value for cell in cells]

    return ReportTable(
        key=table.key,
        title=table.title,
        columns=["", *table.columns],
        rows=[[row.label, *values(row.cells)] for row in table.rows],
        total=["Total", *values(table.total.cells)] if table.total else None,
        note=table.note,
        chart_column=len(table.columns),
    )


def percent(part: int, whole: int) -> float:
    return part / whole if whole else 0.0
