from django import forms
from django.contrib import admin, messages

from . import services
from .models import Attempt, Delivery, Endpoint, Event


class EndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label="Eventos", choices=Event.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Endpoint
        fields = ["url", "events", "active", "secret"]


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    form = EndpointForm
    list_display = ["url", "event_list", "active", "created_at"]
    list_filter = ["active"]

    @admin.display(description="eventos")
    def event_list(self, endpoint):
        labels = dict(Event.choices)
        return ", ".join(labels.get(event, event) for event in endpoint.events)


class AttemptInline(admin.TabularInline):
    model = Attempt
    extra = 0
    can_delete = False
    readonly_fields = ["at", "status_code", "error", "duration_ms"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "event",
        "case",
        "endpoint",
        "state",
        "attempts",
        "next_attempt_at",
    ]
    list_filter = ["state", "event", "endpoint"]
    readonly_fields = [
        "endpoint",
        "event",
        "case",
        "payload",
        "state",
        "attempts",
        "next_attempt_at",
        "created_at",
    ]
    inlines = [AttemptInline]
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Reenviar as entregas selecionadas")
    def resend(self, request, queryset):
        for delivery in queryset.select_related("endpoint"):
            services.resend(delivery)
        messages.success(request, f"{queryset.count()} entrega(s) reenviada(s).")
