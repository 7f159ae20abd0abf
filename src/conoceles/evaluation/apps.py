from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "conoceles.evaluation"
    verbose_name = "Evaluación cualitativa"
