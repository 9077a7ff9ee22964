from django.urls import path

from . import views

app_name = "worklist"
urlpatterns = [
    path("lote/", views.bulk, name="bulk"),
    path("lote/<int:pk>/", views.run, name="run"),
    path("visoes/", views.view_save, name="view_save"),
    path("visoes/<int:pk>/excluir/", views.view_delete, name="view_delete"),
]
