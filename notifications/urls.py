from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("notificacoes/", views.notification_list, name="list"),
    path("notificacoes/<int:pk>/lida/", views.mark_read, name="mark_read"),
    path("notificacoes/todas-lidas/", views.mark_all_read, name="mark_all_read"),
    path("notificacoes/preferencias/", views.preferences, name="preferences"),
]
