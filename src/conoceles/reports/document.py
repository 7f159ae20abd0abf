"""What a report is, whatever its kind: a title, key figures and sections of tables. Each kind's builder
(`conoceles.reports.builders.<kind>.build`) returns a ReportDocument; `conoceles.reports.rendering` turns any of them
into the staff screen, the PDF for the Consejo General and the XLSX for analysts, so the three always agree."""

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from conoceles.public.statistics.tables import Table

Value = str | int | float | datetime.date | datetime.datetime | None

# progress(percent 0–100, what is being done): builders report their advance to the report's page.
Progress = Callable[[int, str], None]


class StreamedRows:
    """The rows of a long list (every omitted candidacy, every notice), read from the database each time they are
    gone through — the PDF's first rows, then the XLSX's all — so that memory does not grow with their number."""

    def __init__(self, rows: Callable[[], Iterable[list]], count: int):
        self._rows, self._count = rows, count

    def __iter__(self) -> Iterator[list]:
        return iter(self._rows())

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: slice) -> list[list]:
        return list(islice(self._rows(), index.start, index.stop))


@dataclass
class ReportTable:
    """One table: in the PDF and on screen a table (with a bar chart when `chart_column` is set), in the XLSX a
    sheet with frozen headers and real numbers."""

    key: str  # unique within the report; the XLSX sheet's name is derived from the title
    title: str
    columns: list[str]  # the first column labels the rows
    rows: list[list[Value]] | StreamedRows
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
