from django import forms
from django.contrib import admin

from meldpunt.casefile.letters import PLACEHOLDERS, validate_template
from meldpunt.casefile.models import LetterTemplate
from meldpunt.errors import DomainError


class LetterTemplateForm(forms.ModelForm):
    class Meta:
        model = LetterTemplate
        fields = ["kind", "subject", "body"]
        help_texts = {
            "body": "Te gebruiken: "
            + ", ".join(f"{{{{ {k} }}}} ({v})" for k, v in PLACEHOLDERS.items())
        }

    def clean(self):
        data = super().clean()
        for field in ("subject", "body"):
            try:
                validate_template(data.get(field) or "")
            except DomainError as err:
                self.add_error(field, err.message)
        return data


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    form = LetterTemplateForm
    list_display = ["kind", "subject"]
