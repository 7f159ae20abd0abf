"""The curricular questionnaire of one candidacy (DOMAIN.md §5).

Fields by rubro: conoceles.questionnaires.rubros; writes: conoceles.questionnaires.services.curricular.
"""

from django.db import models
from simple_history.models import HistoricalRecords

from conoceles.candidacies.models import Candidacy
from conoceles.core.storage import private_storage


class CurricularQuestionnaire(models.Model):
    """The curricular answers of one candidacy. Fields by rubro: conoceles.questionnaires.rubros."""

    candidacy = models.OneToOneField(
        Candidacy, on_delete=models.CASCADE, related_name="curricular", verbose_name="candidatura"
    )
    photo = models.ImageField("fotografía", upload_to="photos/", storage=private_storage, blank=True, max_length=200)
    facebook = models.URLField("Facebook", max_length=300, blank=True)
    x = models.URLField("X (antes Twitter)", max_length=300, blank=True)
    instagram = models.URLField("Instagram", max_length=300, blank=True)
    youtube = models.URLField("YouTube", max_length=300, blank=True)
    tiktok = models.URLField("TikTok", max_length=300, blank=True)
    other_network = models.URLField("otra red social", max_length=300, blank=True)
    website = models.URLField("página web", max_length=300, blank=True)
    public_email = models.EmailField("correo electrónico público", blank=True)
    public_phone = models.CharField("teléfono público", max_length=40, blank=True)
    campaign_address = models.CharField("domicilio de la casa de campaña", max_length=300, blank=True)
    education_level = models.CharField("grado máximo de estudios", max_length=80, blank=True)
    education_status = models.CharField("estatus", max_length=80, blank=True)
    other_training = models.TextField("otra formación (cursos, diplomados)", blank=True)
    professional_history = models.TextField("historia profesional y/o laboral", blank=True)
    political_trajectory = models.TextField("trayectoria política y/o participación social", blank=True)
    motivation = models.TextField("¿por qué quiere ocupar un cargo público?", blank=True)
    proposal_1 = models.TextField("propuesta 1", blank=True)
    proposal_2 = models.TextField("propuesta 2", blank=True)
    proposal_gender = models.TextField(
        "propuesta en materia de género o del grupo en situación de discriminación que representa", blank=True
    )
    created_at = models.DateTimeField("creado", auto_now_add=True)
    updated_at = models.DateTimeField("actualizado", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "cuestionario curricular"
        verbose_name_plural = "cuestionarios curriculares"

    def __str__(self):
        return f"Cuestionario curricular · {self.candidacy_id}"
