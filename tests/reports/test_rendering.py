"""What the PDF and the screen draw from any report: charts only where their bars can be read, long lists cut with a
note that the XLSX has them all, figures as people read them."""

import datetime

from django.utils import timezone

from conoceles.reports.document import HIDDEN, ReportTable, StreamedRows
from conoceles.reports.rendering import CHART_MAX_BARS, chart, display, shown


def table(rows: int, **fields) -> ReportTable:
    return ReportTable(
        "t", "Por municipio", ["Municipio", "Candidaturas"], [[f"M{i}", i] for i in range(rows)], **fields
    )


def test_a_chart_has_one_bar_per_row_up_to_a_readable_number():
    drawn = chart(table(CHART_MAX_BARS, chart_column=1))
    assert len(drawn.bars) == CHART_MAX_BARS
    assert drawn.bars[-1].width == drawn.bar_space and drawn.bars[0].width == 0  # scaled to the largest
    assert chart(table(CHART_MAX_BARS + 1, chart_column=1)) is None
    assert chart(table(5)) is None  # no chart column


def test_a_long_list_is_cut_in_the_pdf_and_says_how_many_rows_are_left():
    rows = StreamedRows(lambda: ([f"M{i}", i] for i in range(10)), 10)
    cut = shown(ReportTable("t", "Lista", ["Municipio", "Candidaturas"], rows, pdf_rows=3))
    assert cut.rows == [["M0", "0"], ["M1", "1"], ["M2", "2"]] and cut.omitted == 7
    whole = shown(table(10))
    assert len(whole.rows) == 10 and whole.omitted == 0


def test_figures_read_as_in_mexico():
    assert display(1234567) == "1,234,567"
    assert display(2 / 3, as_percent=True) == "66.7 %"
    assert display(HIDDEN) == "—"
    assert display(datetime.date(2027, 4, 20)) == "20/04/2027"
    assert display(None) == ""
    moment = timezone.make_aware(datetime.datetime(2027, 4, 20, 23, 59))
    assert display(moment) == "20/04/2027 23:59"
