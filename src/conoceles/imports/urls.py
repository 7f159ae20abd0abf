from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("plantilla/<slug:kind>.xlsx", views.template_download, name="template"),
    path("<id:pk>/", views.job_detail, name="detail"),
    path("<id:pk>/confirmar/", views.job_confirm, name="confirm"),
]
