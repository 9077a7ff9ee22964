from django.urls import path

from . import tokens

app_name = "tokens"
urlpatterns = [
    path("", tokens.token_list, name="list"),
    path("<int:pk>/revogar/", tokens.token_revoke, name="revoke"),
]
