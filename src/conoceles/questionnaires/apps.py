from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    name = "conoceles.questionnaires"
    verbose_name = "Cuestionarios"
