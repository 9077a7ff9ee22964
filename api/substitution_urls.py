from django.urls import path

from . import substitutions

urlpatterns = [
    path("casos/<int:pk>/substituicao/", substitutions.substitution_detail, name="substitution"),
    path("substituicoes/", substitutions.substitution_list, name="substitutions"),
]
