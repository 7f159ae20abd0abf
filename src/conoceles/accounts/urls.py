from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("entrar/", views.LoginView.as_view(), name="login"),
    path("salir/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.home, name="home"),
    path("contrasena/", views.password_change, name="password_change"),
    path("verificacion/activar/", views.otp_setup, name="otp_setup"),
    path("verificacion/", views.otp_verify, name="otp_verify"),
    path("recuperar/", views.password_reset, name="password_reset"),
    path("recuperar/enviado/", views.password_reset_done, name="password_reset_done"),
    path("recuperar/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("recuperar/listo/", views.password_reset_complete, name="password_reset_complete"),
]
