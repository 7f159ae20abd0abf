from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path("datos-abiertos/", views.index, name="index"),
    path("datos-abiertos/<id:process>/<str:name>/<str:filename>", views.release_file, name="file"),
    path("gestion/datos-abiertos/", views.staff, name="staff"),
    path("gestion/datos-abiertos/nueva-version/", views.staff_release, name="staff_release"),
    path("gestion/datos-abiertos/exportaciones/<id:pk>/", views.institute_export_file, name="export_file"),
]
