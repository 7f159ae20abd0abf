from django.urls import path

from . import views

app_name = "lifecycle"
urlpatterns = [
    path("", views.screen, name="screen"),
    path("<str:stage>/ejecutar/", views.run, name="run"),
]
