from pathlib import Path

from django import forms
from django.conf import settings

from conoceles.elections.models import ElectoralProcess

from .error_codes import ImportErrorCode
from .models import ImportJob
from .services import importer_class


class UploadForm(forms.Form):
    process = forms.ModelChoiceField(
        label="Proceso electoral",
        queryset=ElectoralProcess.objects.writable(),
        required=False,
        empty_label="Según el archivo (datos abiertos del INE)",
    )
    kind = forms.ChoiceField(label="Contenido del archivo", choices=ImportJob.Kind.choices)
    file = forms.FileField(
        label="Archivo",
        help_text="CSV (UTF-8 o Windows-1252) o XLSX. La primera fila lleva los nombres de las columnas. Los datos "
        "abiertos del INE, como XLS o XLSX.",
    )
    election_day = forms.DateField(
        label="Jornada electoral",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Solo para los datos abiertos del INE: la jornada del proceso que se crea para una entidad del "
        "archivo que aún no tiene uno.",
    )

    def __init__(self, *args, process=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-select" if name in {"process", "kind"} else "form-control"
        process = process or ElectoralProcess.objects.current()  # the staff's selected process, else the current
        if process:
            self.fields["process"].initial = process.pk

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
            limit = settings.IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024)
            raise forms.ValidationError(f"El archivo pasa del límite de {limit} MB.", code=ImportErrorCode.FILE_TOO_BIG)
        return upload

    def clean(self):
        data = super().clean()
        kind, upload = data.get("kind"), data.get("file")
        if kind != ImportJob.Kind.INE:
            data["election_day"] = None
            if not data.get("process") and "process" not in self.errors:
                self.add_error(
                    "process",
                    forms.ValidationError("Elija el proceso electoral.", code=ImportErrorCode.PROCESS_MISSING),
                )
        extensions = importer_class(kind).extensions if kind else ()
        if kind and upload and Path(upload.name).suffix.lower() not in extensions:
            names = " o ".join(e for e in extensions if e != ".txt")
            message = f"El archivo debe ser {names}."
            self.add_error("file", forms.ValidationError(message, code=ImportErrorCode.BAD_EXTENSION))
        return data
