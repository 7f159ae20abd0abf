"""One module per report kind (ReportKind), each with

    build(process, cut_at: datetime.datetime, params: dict, progress: Progress) -> ReportDocument

reading the data as it stood at `cut_at` where the data keeps its history, and calling `progress(percent, stage)`
now and then with a percent below 85 (what follows is the PDF's and the XLSX's).
`conoceles.reports.services.generate` renders what it returns to PDF and XLSX."""

from importlib import import_module


def builder(kind: str):
    return import_module(f"{__name__}.{kind}").build
