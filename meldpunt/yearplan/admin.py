"""The functional administrator edits a year plan here; a new year starts as a copy (action)."""

from django import forms
from django.contrib import admin, messages

from meldpunt.errors import DomainError
from meldpunt.yearplan import norms, services
from meldpunt.yearplan.models import EnteredValue, Part, Plan, PlanKpi


class PlanKpiForm(forms.ModelForm):
    norm = forms.CharField(label="Norm", help_text="Bijv. 80, 95-100, <=5 of een tekst (ja/nee).")

    class Meta:
        model = PlanKpi
        fields = [
            "plan",
            "part",
            "code",
            "name",
            "unit",
            "monitoring",
            "frequency",
            "periods",
            "owner_role",
            "computed_code",
            "report_within_days",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["norm"].initial = {
                "at_least": f"{self.instance.norm_low:g}"
                if self.instance.norm_low is not None
                else "",
                "range": f"{self.instance.norm_low:g}-{self.instance.norm_high:g}"
                if self.instance.norm_high is not None
                else "",
                "at_most": f"<={self.instance.norm_high:g}"
                if self.instance.norm_high is not None
                else "",
            }.get(self.instance.norm_kind, self.instance.norm_text)

    def clean_norm(self):
        try:
            return norms.parse(self.cleaned_data["norm"])
        except ValueError as err:
            raise forms.ValidationError(str(err)) from err

    def save(self, commit=True):
        norm = self.cleaned_data["norm"]
        self.instance.norm_kind, self.instance.norm_low = norm.kind, norm.low
        self.instance.norm_high, self.instance.norm_text = norm.high, norm.text
        return super().save(commit)


class PartInline(admin.TabularInline):
    model = Part
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "year"]
    inlines = [PartInline]
    actions = ["copy_to_next_year"]

    @admin.action(description="Kopiëren naar het volgende jaar")
    def copy_to_next_year(self, request, queryset):
        for plan in queryset:
            try:
                services.copy_plan(plan=plan, year=plan.year + 1, by=request.user)
            except DomainError as err:
                self.message_user(request, err.message, messages.ERROR)


@admin.register(PlanKpi)
class PlanKpiAdmin(admin.ModelAdmin):
    form = PlanKpiForm
    list_display = ["name", "plan", "part", "owner_role", "frequency", "computed_code"]
    list_filter = ["plan", "owner_role", "frequency"]


@admin.register(EnteredValue)
class EnteredValueAdmin(admin.ModelAdmin):
    list_display = ["kpi", "period", "number", "yes_no", "entered_by", "entered_at"]
    readonly_fields = [f.name for f in EnteredValue._meta.fields]

    def has_add_permission(self, request):
        return False  # values are entered by their owners, corrections keep history

    def has_delete_permission(self, request, obj=None):
        return False
