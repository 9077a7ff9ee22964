from django.contrib import admin

from .models import ContactTemplate


@admin.register(ContactTemplate)
class ContactTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "active", "position"]
    list_editable = ["active", "position"]
    search_fields = ["name", "text"]
