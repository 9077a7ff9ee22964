"""Admin pieces shared by the apps."""

from django import forms
from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never changed here: records kept by services (history, logs) stay as written."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LabelledRowForm(forms.ModelForm):
    """A row of a list's editable cells: the cells have no <label> of their own, so each says
    its column and row to a screen reader ("Ordem de Clínica fechou")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", f"{field.label} de {self.instance}")


class LabelledListAdmin(admin.ModelAdmin):
    """A list with `list_editable` cells that a screen reader can name."""

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, form=LabelledRowForm, **kwargs)
