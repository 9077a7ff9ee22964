from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("mensal.pdf", views.monthly_pdf, name="monthly"),
    path("exportar/<slug:slug>.<str:fmt>", views.export_table, name="export"),
]
