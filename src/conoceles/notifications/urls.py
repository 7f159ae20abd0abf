from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<id:pk>/", views.open_notification, name="open"),
    path("<id:pk>/leido/", views.mark_read, name="read"),
    path("leidos/", views.mark_all_read, name="read_all"),
]
