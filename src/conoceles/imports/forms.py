from pathlib import Path

from django import forms
from django.conf import settings

from conoceles.elections.models import ElectoralProcess

from .error_codes import ImportErrorCode
from .models import ImportJob


class UploadForm(forms.Form):
    process = forms.ModelChoiceField(
        label="Proceso electoral", queryset=ElectoralProcess.objects.all(), empty_label=None
    )
    kind = forms.ChoiceField(label="Contenido del archivo", choices=ImportJob.Kind.choices)
    file = forms.FileField(
        label="Archivo",
        help_text="CSV (UTF-8 o Windows-1252) o XLSX. La primera fila lleva los nombres de las columnas.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-select" if name in {"process", "kind"} else "form-control"
        current = ElectoralProcess.objects.current()
        if current:
            self.fields["process"].initial = current.pk

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in {".csv", ".txt", ".xlsx"}:
            raise forms.ValidationError("El archivo debe ser .csv o .xlsx.", code=ImportErrorCode.BAD_EXTENSION)
        if upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
            limit = settings.IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024)
            raise forms.ValidationError(f"El archivo pasa del límite de {limit} MB.", code=ImportErrorCode.FILE_TOO_BIG)
        return upload
