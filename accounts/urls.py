from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("entrar/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("sair/", auth_views.LogoutView.as_view(), name="logout"),
    # Django's own password reset views, in Portuguese (templates/registration/); the first
    # is rate-limited by address and by e-mail.
    path("senha/esqueci/", views.password_reset, name="password_reset"),
    path("senha/enviada/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "senha/nova/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "senha/alterada/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
