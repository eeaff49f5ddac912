"""The functional administrator edits reference data and the organisation's settings here."""

from django.contrib import admin

from meldpunt.reference.models import (
    CalendarDay,
    District,
    HandoverDestination,
    Municipality,
    OrganisationSettings,
    PopulationFigure,
    ReporterType,
    ViolenceForm,
    WorkArea,
)


class PopulationInline(admin.TabularInline):
    model = PopulationFigure
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "cbs_code", "work_area", "valid_from", "valid_to", "served"]
    list_filter = ["work_area", "served"]
    inlines = [PopulationInline]


@admin.register(OrganisationSettings)
class OrganisationSettingsAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return not OrganisationSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register([WorkArea, District, ReporterType, ViolenceForm, HandoverDestination])
admin.site.register(CalendarDay, list_display=["date", "is_holiday", "description"])
admin.site.site_header = "Meldpunt — beheer"
