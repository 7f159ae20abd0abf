"""The candidate's «Mis datos personales» (/cuenta/mis-datos/) and Administración's queue (/gestion/arco/)."""

from django.urls import path

from . import staff_views, views

app_name = "arco"
urlpatterns = [
    path("cuenta/mis-datos/", views.mine, name="mine"),
    path("cuenta/mis-datos/descargar/", views.download, name="download"),
    path("gestion/arco/", staff_views.queue, name="staff_list"),
    path("gestion/arco/<id:pk>/", staff_views.detail, name="staff_detail"),
    path("gestion/arco/<id:pk>/ampliar/", staff_views.extend, name="staff_extend"),
]
