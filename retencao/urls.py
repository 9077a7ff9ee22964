from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import include, path


@login_required
def home(request):
    # Replaced by the queue (cases.views) — placeholder so the skeleton serves.
    return render(request, "home.html")


urlpatterns = [
    path("", home, name="home"),
    path("", include("accounts.urls")),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "Retenção · Administração"
admin.site.site_title = "Retenção"
admin.site.index_title = "Dados de referência e usuários"
