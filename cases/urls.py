from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("casos/novo/", views.case_new, name="new"),
    path("casos/novo/prestador/", views.provider_lookup, name="provider_lookup"),
    path("casos/<int:pk>/", views.case_detail, name="detail"),
    path("casos/<int:pk>/contatos/", views.contact_add, name="contact_add"),
    path("casos/<int:pk>/reabrir/", views.case_reopen, name="reopen"),
    path("casos/<int:pk>/atribuir/", views.case_assign, name="assign"),
]
