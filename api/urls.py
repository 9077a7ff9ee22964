from django.urls import include, path

from . import views

app_name = "api"
urlpatterns = [
    path("casos/", views.case_list, name="cases"),
    path("casos/<int:pk>/", views.case_detail, name="case"),
    path("casos/<int:pk>/contatos/", views.contact_create, name="contacts"),
    path("casos/<int:pk>/encerrar/", views.case_close, name="close"),
    path("casos/<int:pk>/reabrir/", views.case_reopen, name="reopen"),
    path("casos/<int:pk>/historico/", views.case_history, name="history"),
    path("", include("api.substitution_urls")),
]
