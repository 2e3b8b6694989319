"""GOV.UK Design System form rendering: a renderer, field classes and the date input."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates

WIDGET_CLASSES: dict[type[forms.Widget], str] = {
    forms.Select: "govuk-select",
    forms.Textarea: "govuk-textarea",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.PasswordInput: "govuk-input",
}


class GovukRenderer(DjangoTemplates):
    """Render each field as a GOV.UK form group (label, hint, error, input)."""

    field_template_name = "web/forms/field.html"


class GovukForm(forms.Form):
    """A form whose widgets carry GOV.UK classes and whose fields render as form groups."""

    default_renderer = GovukRenderer

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Add the design system's classes to every widget."""
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, GovukDateInput | GovukRadios | forms.CheckboxSelectMultiple):
                continue
            css = next(
                (c for cls, c in WIDGET_CLASSES.items() if isinstance(widget, cls)),
                "govuk-input",
            )
            widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()

    def full_clean(self) -> None:
        """Validate, then mark invalid text inputs (Django adds aria-invalid and the ids)."""
        super().full_clean()
        for name in self.errors:
            widget = self.fields[name].widget if name in self.fields else None
            if widget is not None and "govuk-input" in widget.attrs.get("class", "").split():
                widget.attrs["class"] += " govuk-input--error"


class GovukRadios(forms.RadioSelect):
    """Radios in the design system's markup."""

    template_name = "web/forms/radios.html"


class GovukDateInput(forms.MultiWidget):
    """Day, month and year boxes, as the GOV.UK date input pattern asks."""

    template_name = "web/forms/date_input.html"

    def __init__(self) -> None:
        """Build the three numeric boxes."""
        box = {"class": "govuk-input govuk-date-input__input", "inputmode": "numeric"}
        super().__init__(
            {
                "day": forms.TextInput(
                    attrs={**box, "class": box["class"] + " govuk-input--width-2"}
                ),
                "month": forms.TextInput(
                    attrs={**box, "class": box["class"] + " govuk-input--width-2"}
                ),
                "year": forms.TextInput(
                    attrs={**box, "class": box["class"] + " govuk-input--width-4"}
                ),
            }
        )

    def decompress(self, value: date | None) -> list[int | None]:
        """Split a date into its boxes."""
        return [value.day, value.month, value.year] if value else [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year, with the design system's error messages."""

    widget = GovukDateInput

    def __init__(self, *, label: str, **kwargs: Any) -> None:
        """Build the three parts; the messages name the field the user sees."""
        self.noun = label.lower()
        part = forms.CharField(required=False)
        kwargs.setdefault(
            "error_messages",
            {"required": f"Enter the {self.noun}", "incomplete": f"Enter the {self.noun}"},
        )
        super().__init__(fields=(part, part, part), require_all_fields=False, label=label, **kwargs)

    def compress(self, data_list: list[str]) -> date | None:
        """Turn the three boxes into a real date or say exactly what is wrong."""
        if not data_list or not any(data_list):
            if self.required:
                raise ValidationError(f"Enter the {self.noun}")
            return None
        names = ("day", "month", "year")
        missing = [n for n, v in zip(names, data_list, strict=True) if not (v or "").strip()]
        if missing:
            raise ValidationError(f"The {self.noun} must include a {' and '.join(missing)}")
        try:
            day, month, year = (int(v) for v in data_list)
        except ValueError:
            raise ValidationError(f"The {self.noun} must be a real date, in numbers") from None
        if year < 1000:
            raise ValidationError(f"The year of the {self.noun} must include 4 numbers")
        try:
            return date(year, month, day)
        except ValueError:
            raise ValidationError(f"The {self.noun} must be a real date") from None


class SearchForm(GovukForm):
    """Search by name, force person ID, PNC ID or case reference."""

    q = forms.CharField(
        label="Name, person ID, PNC ID or case reference",
        max_length=100,
        help_text="For example, John Smith, DUR0001234, 14/0123456K or CP-2026-000123",
    )

    def clean_q(self) -> str:
        """Refuse a search too short to be specific."""
        query: str = self.cleaned_data["q"].strip()
        if len(query) < 2:
            raise ValidationError("Enter at least 2 characters")
        return query
