from django.urls import path

from .views import ballot, compare, home, pages, profile, search, statistics

app_name = "public"
urlpatterns = [
    path("", home.home, name="home"),
    path("candidatura/<id:pk>/", profile.profile, name="profile"),
    path("candidatura/<id:pk>/foto/", profile.photo, name="photo"),
    path("candidatura/<id:pk>/pdf/", profile.profile_pdf, name="profile_pdf"),
    path("comparar/", compare.compare, name="compare"),
    path("buscar/", search.search, name="search"),
    path("mi-boleta/", ballot.ballot, name="ballot"),
    path("contienda/<id:pk>/", ballot.contest, name="contest"),
    path("estadisticas/", statistics.statistics, name="statistics"),
    path("aviso-de-privacidad/", pages.privacy_notice, name="privacy_notice"),
    path("acerca/", pages.about, name="about"),
    path("accesibilidad/", pages.accessibility, name="accessibility"),
]
