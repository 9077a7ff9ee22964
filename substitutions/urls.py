from django.urls import path

from . import views

app_name = "substitutions"
urlpatterns = [
    path("casos/<int:pk>/substituicao/", views.panel, name="panel"),
    path("casos/<int:pk>/substituicao/abrir/", views.open_one, name="open"),
    path("substituicoes/", views.substitution_list, name="list"),
    path("substituicoes/abrir/", views.open_bulk, name="open_bulk"),
    path("substituicoes/painel/", views.substitution_dashboard, name="dashboard"),
    path("substituicoes/municipios/", views.municipalities_upload, name="municipalities"),
    path("rede/substituicoes/", views.public_notice, name="public"),
    path("rede/substituicoes/pdf/", views.public_notice_pdf, name="public_pdf"),
]
