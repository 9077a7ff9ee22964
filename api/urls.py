from django.conf import settings
from django.urls import include, path, re_path
from django.utils.csp import CSP
from django.views.decorators.cache import never_cache
from django.views.decorators.csp import csp_override
from drf_spectacular.utils import extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import exceptions, views

app_name = "api"
# The document does not describe itself.
SchemaView = extend_schema_view(get=extend_schema(exclude=True))(SpectacularAPIView)

# Swagger UI writes a few <style> elements of its own: this page alone allows inline styles
# (never inline scripts: its start-up script is a separate request, ?script).
DOCS = csp_override({**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]})(
    SpectacularSwaggerSplitView.as_view(
        url_name="api:schema", template_name="api/swagger_ui.html", title="API do Retenção"
    )
)
urlpatterns = [
    path("casos/", views.case_list, name="cases"),
    path("casos/<int:pk>/", views.case_detail, name="case"),
    path("casos/<int:pk>/contatos/", views.contact_create, name="contacts"),
    path("casos/<int:pk>/encerrar/", views.case_close, name="close"),
    path("casos/<int:pk>/reabrir/", views.case_reopen, name="reopen"),
    path("casos/<int:pk>/atribuir/", views.case_assign, name="assign"),
    path("casos/<int:pk>/historico/", views.case_history, name="history"),
    path("", include("api.substitution_urls")),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DOCS, name="docs"),
    re_path(r"^.*$", never_cache(exceptions.not_found)),
]
