from django.urls import path, re_path

from .views import archive, ballot, compare, home, pages, profile, search, statistics

app_name = "public"
urlpatterns = [
    path("", home.home, name="home"),
    path("candidatura/<id:pk>/", profile.profile, name="profile"),
    path("candidatura/<id:pk>/foto.jpg", profile.photo, name="photo"),
    path("candidatura/<id:pk>/ficha.pdf", profile.profile_pdf, name="profile_pdf"),
    path("comparar/", compare.compare, name="compare"),
    path("buscar/", search.search, name="search"),
    path("mi-boleta/", ballot.ballot, name="ballot"),
    path("boleta/secciones/<id:shard>.json", ballot.ballot_lookup, name="ballot_lookup"),
    re_path(r"^boleta/(?P<key>[0-9]{1,9}(?:-[0-9]{1,9}){0,49})/$", ballot.ballot_page, name="ballot_page"),
    path("contienda/<id:pk>/", ballot.contest, name="contest"),
    path("contienda/<id:pk>/en-boleta/", ballot.contest_fragment, name="contest_fragment"),
    path("estadisticas/", statistics.statistics, name="statistics"),
    path("archivo/", archive.archive, name="archive"),
    path("archivo/<id:pk>/", archive.archive_process, name="archive_process"),
    path("aviso-de-privacidad/", pages.privacy_notice, name="privacy_notice"),
    path("acerca/", pages.about, name="about"),
    path("accesibilidad/", pages.accessibility, name="accessibility"),
    path("favicon.ico", pages.favicon, name="favicon"),
]
