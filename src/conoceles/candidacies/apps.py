from django.apps import AppConfig


class CandidaciesConfig(AppConfig):
    name = "conoceles.candidacies"
    verbose_name = "Candidaturas"
