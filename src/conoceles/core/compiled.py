"""Queries the ORM compiles once and the database runs again and again with other values.

A public page asks a few small queries of one or two candidacies. Django took longer to build and compile each of
them than the database takes to run it (prepared, PostgreSQL does not even plan it again: settings,
DB_PREPARED_STATEMENTS). A `CompiledQuery` keeps the SQL Django made of its queryset and, at each run, puts the
values asked for where the queryset had marks: numbers no row has as its key.
"""

from collections.abc import Callable, Hashable, Sequence
from functools import lru_cache

from django.db import connection
from django.db.models import QuerySet

_FIRST_MARK = -(2**31)  # below every key; the marks count up from here


class CompiledQuery:
    """`build(shape, marks)` makes the queryset (usually a values_list), with each mark where a value will go; it is
    compiled once per `shape` (what else the SQL depends on, such as the day) and number of values."""

    def __init__(self, build: Callable[[Hashable, tuple[int, ...]], QuerySet], maxsize: int = 32):
        self._build = build
        self._compiled = lru_cache(maxsize)(self._compile)

    def _compile(self, shape: Hashable, count: int) -> tuple[str, tuple, dict[int, int]]:
        marks = tuple(_FIRST_MARK + n for n in range(count))
        sql, params = self._build(shape, marks).query.sql_with_params()
        return sql, params, {mark: n for n, mark in enumerate(marks)}

    def rows(self, shape: Hashable, values: Sequence[int]) -> list[tuple]:
        """The rows of the query built for `shape`, with `values` in place of the marks, in order."""
        sql, params, position = self._compiled(shape, len(values))
        asked = [values[position[p]] if type(p) is int and p in position else p for p in params]
        with connection.cursor() as cursor:
            cursor.execute(sql, asked)
            return cursor.fetchall()
