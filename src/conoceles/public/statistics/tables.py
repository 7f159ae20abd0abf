"""The tables of the statistics page, and small-cell suppression (DOMAIN.md §6): how a count is shown safely.

Every identity cross-tabulation goes through `suppress`, so that no cell of 1 to k−1 candidacies is shown nor can
be recovered by subtracting from a total.
"""

import dataclasses
from dataclasses import dataclass

from conoceles.candidacies.models import Sex

SEXES = [(code, label) for code, label in Sex.choices]


# --------------------------------------------------------------------------------------------
# Small-cell suppression: THE function
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    value: int
    hidden: str = ""  # "" shown, "small" (1 to k−1), "complementary" (hidden so that a small one can't be deduced)


def suppress(matrix: list[list[int]], k: int, *, column_totals: bool = True) -> list[list[Cell]]:
    """The table with its margins, `matrix` rows × columns plus a last column of row totals and (with
    `column_totals`) a last row of column totals, each entry a Cell.

    Every entry from 1 to k−1, interior or total, is hidden ("small"). Then, while some line (a row with its total,
    or a column with its total) has exactly one hidden entry, another entry of that line is hidden too
    ("complementary": the smallest, preferring non-zero interior cells), so no hidden value can be recovered by
    subtracting the shown entries of one line from its total. k ≤ 1 hides nothing."""
    rows = [[*row, sum(row)] for row in matrix]
    width = len(rows[0]) if rows else 0
    if column_totals and rows:
        rows.append([sum(column) for column in zip(*rows, strict=True)])
    hidden: dict[tuple[int, int], str] = {
        (i, j): "small" for i, row in enumerate(rows) for j, value in enumerate(row) if 0 < value < k
    }
    total_row = len(rows) - 1 if column_totals else None
    lines = [[(i, j) for j in range(width)] for i in range(len(rows))]
    if column_totals:
        lines += [[(i, j) for i in range(len(rows))] for j in range(width)]

    def preference(cell):
        i, j = cell
        return (rows[i][j] == 0, i == total_row or j == width - 1, rows[i][j])

    changed = bool(hidden)
    while changed:
        changed = False
        for line in lines:
            if sum(cell in hidden for cell in line) == 1:
                hidden[min((c for c in line if c not in hidden), key=preference)] = "complementary"
                changed = True
    return [[Cell(value, hidden.get((i, j), "")) for j, value in enumerate(row)] for i, row in enumerate(rows)]


# --------------------------------------------------------------------------------------------
# Tables as the template shows them
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    label: str
    cells: list[Cell]  # one per column, the total last when the table has totals
    bar: int | None = None  # width of the chart bar, percent of the largest row (None: no bar, value hidden)


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[Row]
    total: Row | None = None
    note: str = ""
    bar_label: str = ""  # what the bars show
    bar_is_percent: bool = False  # the bar's figure is `Row.bar` as a percentage, else the row's last cell

    @property
    def is_empty(self) -> bool:
        return not any(cell.value or cell.hidden for row in self.rows for cell in row.cells)

    def to_json(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Table":
        def row(r):
            return Row(r["label"], [Cell(**c) for c in r["cells"]], r["bar"])

        return cls(
            **{**data, "rows": [row(r) for r in data["rows"]], "total": row(data["total"]) if data["total"] else None}
        )


def _bars(rows: list[list[Cell]], column: int) -> list[int | None]:
    values = [row[column].value if not row[column].hidden else None for row in rows]
    top = max((v for v in values if v is not None), default=0)
    return [None if v is None else (round(v * 100 / top) if top else 0) for v in values]


def crosstab(key, title, labels, matrix, k, *, columns=None, column_totals=True, note="", rounding=None) -> Table:
    """A table of `labels` × `columns` (default: sex), with totals, suppressed with `k` (0: nothing hidden). With
    `rounding` (a function of a count), each shown figure is rounded with it and a hidden one keeps no figure at all."""
    grid = suppress(matrix, k, column_totals=column_totals)
    if rounding is not None:
        grid = [[Cell(0, c.hidden) if c.hidden else Cell(rounding(c.value)) for c in row] for row in grid]
    body = grid[: len(labels)]
    bars = _bars(body, -1)
    return Table(
        key=key,
        title=title,
        columns=[*(columns if columns is not None else [label for _, label in SEXES]), "Total"],
        rows=[Row(label, cells, bar) for label, cells, bar in zip(labels, body, bars, strict=True)],
        total=Row("Total", grid[-1]) if column_totals and grid else None,
        note=note,
        bar_label="Total",
    )


def by_sex(rows, label_key: str) -> dict[str, list[int]]:
    """{label: [count per sex in SEXES order]} from rows of (label, sex, n)."""
    index = {code: i for i, (code, _) in enumerate(SEXES)}
    result: dict[str, list[int]] = {}
    for row in rows:
        result.setdefault(row[label_key], [0] * len(SEXES))[index[row["sex"]]] += row["n"]
    return result
