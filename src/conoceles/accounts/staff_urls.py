from django.urls import path

from . import staff_views as views

app_name = "staff_accounts"
urlpatterns = [
    path("", views.account_list, name="list"),
    path("generar/", views.generate, name="generate"),
    path("credenciales/", views.issue, name="issue"),
    path("correo/", views.email, name="email"),
    path("<id:pk>/desactivar/", views.deactivate, name="deactivate"),
    path("<id:pk>/reactivar/", views.reactivate, name="reactivate"),
    path("<id:pk>/desbloquear/", views.unlock, name="unlock"),
    path("accesos/", views.login_log, name="login_log"),
    path("datos-sensibles/", views.sensitive_log, name="sensitive_log"),
]
