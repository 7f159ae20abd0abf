"""A ReportDocument as the staff screen shows it, as the PDF for the Consejo General (institute header, cut, charts as
SVG, tables, page numbers) and as the XLSX for analysts (one sheet per table, real numbers, frozen headers)."""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import number_format

from .document import HIDDEN, ReportDocument, ReportTable

BAR_HEIGHT = 16
CHART_MAX_BARS = 40  # a longer table (districts, municipalities) has no chart: its bars could not be read
LABEL_WIDTH = 190
CHART_WIDTH = 520


@dataclass(frozen=True)
class Bar:
    label: str
    shown: str
    y: int
    width: int


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart of one column: drawn as inline SVG by reports/_chart.html (screen and PDF)."""

    title: str
    bars: list[Bar]
    height: int
    label_width: int = LABEL_WIDTH
    bar_space: int = CHART_WIDTH - LABEL_WIDTH - 60
    width: int = CHART_WIDTH


def display(value, *, as_percent: bool = False) -> str:
    """A cell as people read it: thousands separators, percentages with one decimal, dates d/m/Y."""
    if value is None or value == "":
        return ""
    if value == HIDDEN or isinstance(value, str):
        return value
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if as_percent:
        return f"{number_format(round(value * 100, 1), 1, use_l10n=True)} %"
    if isinstance(value, float):  # number_format truncates: round first
        return number_format(round(value, 1), 1, use_l10n=True, force_grouping=True)
    return number_format(value, use_l10n=True, force_grouping=True)


def chart(table: ReportTable) -> Chart | None:
    column = table.chart_column
    if column is None or len(table.rows) > CHART_MAX_BARS:
        return None
    as_percent = column in table.percent_columns
    points = [(str(row[0]), row[column]) for row in table.rows if isinstance(row[column], int | float)]
    if not points:
        return None
    top = 1.0 if as_percent else max(value for _, value in points) or 1
    space = Chart.bar_space
    bars = [
        Bar(label[:34], display(value, as_percent=as_percent), i * (BAR_HEIGHT + 6), round(space * value / top))
        for i, (label, value) in enumerate(points)
    ]
    return Chart(f"{table.title}: {table.columns[column]}", bars, len(bars) * (BAR_HEIGHT + 6))


@dataclass(frozen=True)
class ShownTable:
    table: ReportTable
    header: list[str]
    rows: list[list[str]]
    total: list[str] | None
    chart: Chart | None
    omitted: int = 0  # rows left for the XLSX (ReportTable.pdf_rows)


def shown(table: ReportTable) -> ShownTable:
    def line(values):
        return [display(v, as_percent=i in table.percent_columns) for i, v in enumerate(values)]

    rows = table.rows[: table.pdf_rows] if table.pdf_rows is not None else table.rows
    return ShownTable(
        table,
        table.columns,
        [line(r) for r in rows],
        line(table.total) if table.total else None,
        chart(table),
        len(table.rows) - len(rows),
    )


def context(document: ReportDocument, **meta) -> dict:
    """What reports/_document.html needs: the document's tables as text, with their charts."""
    return {
        "document": document,
        "summary": [(label, display(value)) for label, value in document.summary],
        "sections": [
            {
                "title": section.title,
                "paragraphs": [p for p in section.text.split("\n\n") if p],
                "tables": [shown(t) for t in section.tables],
            }
            for section in document.sections
        ],
        "institute": settings.INSTITUTE,
        **meta,
    }


def render_pdf(document: ReportDocument, **meta) -> bytes:
    from weasyprint import HTML  # imported here: loading pango costs time every other caller should not pay

    html = render_to_string("reports/pdf.html", context(document, **meta))
    # No base_url: the document references no file or URL (the charts are inline SVG), so WeasyPrint fetches nothing.
    return HTML(string=html).write_pdf()


def _sheet_name(title: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:28] or "Tabla"
    name, n = base, 2
    while name.lower() in taken:
        name, n = f"{base[:25]} ({n})", n + 1
    taken.add(name.lower())
    return name


def write_xlsx(document: ReportDocument, out, **meta) -> None:
    """The workbook into `out` (a path or a binary file): a «Resumen» sheet, then one sheet per table. Numbers stay
    numbers (percentages as fractions formatted %), a suppressed cell is the text «—»."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    summary = workbook.create_sheet("Resumen")
    summary.append([WriteOnlyCell(summary, document.title)])
    for label, value in meta.get("header_lines", []):
        summary.append([label, value])
    summary.append([])
    for label, value in document.summary:
        summary.append([label, value])
    taken = {"resumen"}
    for section in document.sections:
        for table in section.tables:
            sheet = workbook.create_sheet(_sheet_name(table.title, taken))
            sheet.freeze_panes = "B2"
            header = []
            for title in table.columns:
                cell = WriteOnlyCell(sheet, title)
                cell.font = bold
                header.append(cell)
            sheet.append(header)

            def cells(values, sheet=sheet, table=table):
                line = []
                for i, value in enumerate(values):
                    if isinstance(value, datetime.datetime):
                        value = timezone.localtime(value).replace(tzinfo=None)
                    cell = WriteOnlyCell(sheet, value)
                    if i in table.percent_columns and isinstance(value, int | float):
                        cell.number_format = "0.0%"
                    line.append(cell)
                return line

            for row in table.rows:
                sheet.append(cells(row))
            if table.total:
                sheet.append(cells(table.total))
            if table.note:
                sheet.append([])
                sheet.append([table.note])
    workbook.save(out)
