from django.urls import path, re_path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("avance/", views.avance_screen, name="avance"),
    path("avance/generar/", views.generate_avance, name="generate_avance"),
    path("<id:pk>/", views.report_detail, name="detail"),
    re_path(r"^(?P<pk>[0-9]+)/informe\.(?P<extension>pdf|xlsx)$", views.report_file, name="file"),
]
