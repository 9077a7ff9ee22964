from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("cases.urls")),
    path("", include("accounts.urls")),
    path("", include("substitutions.urls")),
    path("", include("inbox.urls")),
    path("", include("notifications.urls")),
    path("", include("comments.urls")),
    path("", include("quick.urls")),
    path("usuarios/", include("accounts.user_urls")),
    path("fila/", include("worklist.urls")),
    path("exportar/", include("cases.export_urls")),
    path("exportar/tarefas/", include("downloads.urls")),
    path("importar/", include("imports.urls")),
    path("relatorios/", include("reports.urls")),
    path("api/", include("api.urls")),
    path("conta/tokens/", include("api.token_urls")),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "Retenção · Administração"
admin.site.site_title = "Retenção"
admin.site.index_title = "Dados de referência e usuários"
