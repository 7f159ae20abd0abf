"""What a lifecycle step touches: one line per kind of data, counted before (dry run) and after (record)."""

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class PlanLine:
    what: str  # in Spanish, for the admin: «Respuestas del cuestionario de identidad»
    table: str  # the database table (or «archivos»), as the data dictionary names it
    rows: int = 0
    files: int = 0

    def as_dict(self) -> dict:
        return asdict(self)
