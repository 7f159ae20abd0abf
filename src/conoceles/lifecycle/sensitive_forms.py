"""The form of the legal-claim procedure over blocked sensitive data (conoceles.lifecycle.sensitive_views)."""

from django import forms
from django.core.exceptions import ValidationError

from conoceles.accounts.error_codes import LockedDataErrorCode
from conoceles.candidacies.models import Candidacy
from conoceles.core.forms import style_widgets

REASON_MIN_CHARS = 30
REASON_MIN_WORDS = 5


class LockedDataRequestForm(forms.Form):
    """Why (the claim: its file number, the authority that asks) and which candidacy. Every consultation and every
    download repeats both, and each is recorded with them."""

    reason = forms.CharField(
        label="Motivo de la consulta",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Una oración completa: la reclamación o el requerimiento que se atiende, con su número de "
        "expediente (p. ej. «Juicio ciudadano SX-JDC-123/2028: el tribunal requiere el consentimiento firmado»).",
    )
    registration_id = forms.CharField(
        label="Clave de registro de la candidatura",
        max_length=60,
        help_text="La clave con la que se registró la candidatura en este proceso (ID_REGISTRO).",
    )

    def __init__(self, process, *args, **kwargs):
        self.process = process
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def clean_reason(self):
        reason = " ".join(self.cleaned_data["reason"].split())
        if len(reason) < REASON_MIN_CHARS or len(reason.split()) < REASON_MIN_WORDS:
            raise ValidationError(
                f"Escriba el motivo en una oración de al menos {REASON_MIN_WORDS} palabras ({REASON_MIN_CHARS} "
                "caracteres): qué reclamación o requerimiento atiende y su número de expediente.",
                code=LockedDataErrorCode.LOCKED_DATA_REASON_TOO_SHORT,
            )
        return reason

    def clean_registration_id(self):
        key = self.cleaned_data["registration_id"].strip()
        candidacy = Candidacy.objects.filter(process=self.process, registration_id=key).first()
        if candidacy is None:
            raise ValidationError(
                "No hay una candidatura con esa clave de registro en este proceso electoral; revise la clave.",
                code=LockedDataErrorCode.LOCKED_DATA_UNKNOWN_CANDIDACY,
            )
        self.candidacy = candidacy
        return key
