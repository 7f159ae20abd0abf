"""The processes of a full build (`builder.build` with workers): started afresh ("spawn"; a forked one would share,
and break, the parent's database connection), so this module imports nothing of Django's models until
`django.setup()` has run; the builder is imported inside the functions for that reason."""

import django


def start() -> None:
    django.setup()


def run(kind: str, items: list, folder: str, previous: str | None) -> tuple[str, int]:
    from .builder import job  # see the module's docstring

    return job(kind, items, folder, previous)
