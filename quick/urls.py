from django.urls import path

from . import views

app_name = "quick"
urlpatterns = [
    path("modelos-de-contato/", views.template_list, name="templates"),
    path("modelos-de-contato/novo/", views.template_edit, name="template_new"),
    path("modelos-de-contato/<int:pk>/", views.template_edit, name="template_edit"),
]
