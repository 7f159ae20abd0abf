from django.urls import path

from . import statistics_views, views

app_name = "gestion"
urlpatterns = [
    path("panel/", views.dashboard, name="dashboard"),
    path("proceso/", views.process_settings, name="process"),
    path("proceso/<id:pk>/fechas/", views.dates, name="dates"),
    path("proceso/<id:pk>/revision/", views.review_rules, name="review_rules"),
    path("proceso/<id:pk>/captura/", views.capture_rules, name="capture_rules"),
    path("estadisticas/", statistics_views.statistics, name="statistics"),
    path("estadisticas/xlsx/", statistics_views.statistics_xlsx, name="statistics_xlsx"),
]
