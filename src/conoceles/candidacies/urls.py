from django.urls import path

from . import views

app_name = "candidacies"
urlpatterns = [
    path("", views.candidacy_list, name="list"),
    path("<id:pk>/", views.candidacy_detail, name="detail"),
]
