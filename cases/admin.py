"""Admin: reference data is edited here; cases are read here and changed only by services."""

from django.contrib import admin, messages

from retencao.admin import LabelledListAdmin, ReadOnlyAdmin

from . import deadlines, services
from .models import (
    Case,
    CaseEvent,
    Contact,
    DeadlinePolicy,
    Operator,
    Provider,
    Requester,
    ResponsibleSector,
    RetentionAction,
    TerminationReason,
)

IN_USE = (
    "Uma opção que algum caso já usa não pode ser excluída: desative-a (desmarque «ativo»). "
    "Desativada, ela some dos casos novos e continua nos casos que a têm."
)


class ReferenceAdmin(LabelledListAdmin):
    list_display = ["label", "code", "order", "active"]
    list_editable = ["order", "active"]
    search_fields = ["label", "code"]

    def get_deleted_objects(self, objs, request):
        """The delete confirmation; an option in use (PROTECT) says to deactivate it."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            messages.error(request, IN_USE)
        return deleted, counts, perms_needed, protected


admin.site.register(Operator, ReferenceAdmin)
admin.site.register(Requester, ReferenceAdmin)
admin.site.register(ResponsibleSector, ReferenceAdmin)


@admin.register(RetentionAction)
class RetentionActionAdmin(ReferenceAdmin):
    list_display = [*ReferenceAdmin.list_display, "needs_justification", "keywords"]


@admin.register(TerminationReason)
class TerminationReasonAdmin(ReferenceAdmin):
    list_display = [*ReferenceAdmin.list_display, "operator_can_act", "usual_sector"]
    list_filter = ["operator_can_act", "usual_sector"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ContactInline(ReadOnlyInline):
    model = Contact
    fields = ["position", "date", "channel", "notes", "recorded_by", "recorded_at"]


class EventInline(ReadOnlyInline):
    model = CaseEvent
    fields = ["at", "user", "kind", "note", "changes"]


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    """Read-only: a change made here would skip the rules and the history."""

    list_display = ["pk", "provider_name", "cro", "cro_uf", "city", "status", "closed_at"]
    list_filter = ["status", "service_uf", "operator"]
    search_fields = ["provider_name", "cro", "cpf", "cnpj", "protocol_number", "city"]
    inlines = [ContactInline, EventInline]


@admin.register(Provider)
class ProviderAdmin(ReadOnlyAdmin):
    """Providers are kept by the case services; here an administrator may anonymise one."""

    list_display = ["name", "cro", "uf", "person_type"]
    search_fields = ["name", "cro", "cpf", "cnpj"]
    actions = ["anonymise"]

    @admin.action(description="Anonimizar dados pessoais (LGPD) dos prestadores selecionados")
    def anonymise(self, request, queryset):
        cases = sum(
            services.provider_anonymise(user=request.user, provider=provider)
            for provider in queryset
        )
        self.message_user(
            request,
            f"{queryset.count()} prestador(es) anonimizado(s); {cases} caso(s) alterado(s). "
            "As estatísticas foram mantidas e a ação ficou no histórico de cada caso.",
        )


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(admin.ModelAdmin):
    """One row of business-day deadlines; saving it refreshes every open case's next deadline."""

    def has_add_permission(self, request):
        return not DeadlinePolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        count = deadlines.recompute_open_cases()
        self.message_user(request, f"Prazos recalculados em {count} caso(s) aberto(s).")
