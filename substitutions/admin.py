from django.contrib import admin

from .models import EstablishmentType, Municipality, Plan, Specialty, SubstitutionPolicy


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["commercial_name", "ans_registration", "active"]
    search_fields = ["commercial_name", "ans_registration"]


@admin.register(Specialty)
class SpecialtyAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "active"]


@admin.register(EstablishmentType)
class EstablishmentTypeAdmin(admin.ModelAdmin):
    list_display = ["label", "kind", "code", "active"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "uf", "ibge_code", "health_region_name"]
    list_filter = ["uf"]
    search_fields = ["name", "ibge_code"]
    filter_horizontal = ["neighbours"]


@admin.register(SubstitutionPolicy)
class SubstitutionPolicyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "updated_at"]

    def has_add_permission(self, request):
        return not SubstitutionPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
