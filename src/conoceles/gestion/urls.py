from django.urls import path

from conoceles.lifecycle import sensitive_views

from . import statistics_views, views

app_name = "gestion"
urlpatterns = [
    path("panel/", views.dashboard, name="dashboard"),
    path("proceso/", views.process_settings, name="process"),
    path("proceso/nuevo/", views.process_new, name="process_new"),
    path("proceso/<id:pk>/fechas/", views.dates, name="dates"),
    path("proceso/<id:pk>/revision/", views.review_rules, name="review_rules"),
    path("proceso/<id:pk>/captura/", views.capture_rules, name="capture_rules"),
    path("estadisticas/", statistics_views.statistics, name="statistics"),
    path("estadisticas/xlsx/", statistics_views.statistics_xlsx, name="statistics_xlsx"),
    path("proceso/<id:pk>/entregables/", views.deliverables, name="deliverables"),
    path("proceso/<id:pk>/entregables/nuevo/", views.deliverable_edit, name="deliverable_add"),
    path("proceso/<id:pk>/entregables/<id:deliverable_pk>/", views.deliverable_edit, name="deliverable_edit"),
    path(
        "proceso/<id:pk>/entregables/<id:deliverable_pk>/cumplido/",
        views.deliverable_fulfilled,
        name="deliverable_fulfilled",
    ),
    path("proceso/<id:pk>/entregables/predeterminados/", views.default_deliverables, name="default_deliverables"),
    path("proceso/<id:pk>/entregables.ics", views.deliverables_feed, name="deliverables_feed"),
    # The legal-claim procedure over blocked sensitive data (issue 15): conoceles.lifecycle.sensitive_views.
    path("proceso/<id:pk>/datos-bloqueados/", sensitive_views.locked_data, name="locked_data"),
    path("proceso/<id:pk>/datos-bloqueados/evidencia/", sensitive_views.locked_file, name="locked_file"),
]
