"""Database ids in URLs, one rule for path and query: ASCII digits that fit a signed 64-bit integer (the largest
primary key SQLite and PostgreSQL hold). A longer number is not an id: 404 (or an ignored filter), never a query the
database driver cannot send (500).

Every urls.py writes `<id:pk>`, never `<int:pk>` (tests/core/test_ids_in_urls.py walks them all)."""

MAX_ID = 2**63 - 1
_MAX_DIGITS = len(str(MAX_ID))


def parse_id(value) -> int | None:
    """The id in `value` (a query parameter, say), or None when it is not one."""
    if isinstance(value, str) and len(value) <= _MAX_DIGITS and value.isascii() and value.isdigit():
        number = int(value)
        if number <= MAX_ID:
            return number
    return None


class IdConverter:
    """The `id` path converter, registered in CoreConfig.ready(). A value that is not an id raises ValueError, so
    Django tries the next pattern and answers 404 when none matches."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(f"{value!r} is not a database id")
        return number

    def to_url(self, value) -> str:
        return str(value)
