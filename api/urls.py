from django.urls import path, re_path
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import exceptions, views

app_name = "api"
# The document does not describe itself.
SchemaView = extend_schema_view(get=extend_schema(exclude=True))(SpectacularAPIView)

urlpatterns = [
    path("casos/", views.case_list, name="cases"),
    path("casos/<int:pk>/", views.case_detail, name="case"),
    path("casos/<int:pk>/contatos/", views.contact_create, name="contacts"),
    path("casos/<int:pk>/encerrar/", views.case_close, name="close"),
    path("casos/<int:pk>/reabrir/", views.case_reopen, name="reopen"),
    path("casos/<int:pk>/atribuir/", views.case_assign, name="assign"),
    path("casos/<int:pk>/historico/", views.case_history, name="history"),
    path("schema/", SchemaView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html", title="API do Retenção"
        ),
        name="docs",
    ),
    re_path(r"^.*$", never_cache(exceptions.not_found)),
]
