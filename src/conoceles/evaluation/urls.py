"""/revision/evaluacion/: the rubric of the informe final and the scoring of candidacies."""

from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("rubrica/", views.rubric, name="rubric"),
    path("rubrica/restaurar/", views.restore, name="restore"),
    path("candidatura/<id:pk>/", views.score, name="score"),
    path("candidatura/<id:pk>/siguiente/", views.next_candidacy, name="next"),
]
