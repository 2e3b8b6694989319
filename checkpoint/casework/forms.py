"""Forms for referrals and case actions: they validate input; services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from checkpoint.accounts.models import User
from checkpoint.domain.lifecycle import TransitionRule
from checkpoint.domain.people import Ethnicity, Sex
from checkpoint.offences.models import Offence
from checkpoint.web.forms import GovukDateField, GovukForm, GovukRadios

BLANK = [("", "Choose")]


class OffenceChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Pick an offence from the catalogue by its title."""

    def label_from_instance(self, obj: Offence) -> str:
        """Show the title with its mode of trial, which drives the s127 clock."""
        return f"{obj.title} ({obj.mode_of_trial_enum.label.lower()})"

    def to_python(self, value: Any) -> Offence | None:
        """Look the offence up by its code, so a form can be filled in by code."""
        if value in self.empty_values:
            return None
        try:
            return Offence.objects.get(code=value)
        except Offence.DoesNotExist:
            raise ValidationError(f"'{value}' is not an offence in the catalogue") from None


class ReferralForm(GovukForm):
    """A custody referral: the person (new or already on the index) and the offences."""

    given_names = forms.CharField(label="Given names", max_length=120, required=False)
    family_name = forms.CharField(label="Family name", max_length=120, required=False)
    date_of_birth = GovukDateField(
        label="Date of birth", required=False, help_text="For example, 27 3 1990"
    )
    sex = forms.ChoiceField(
        label="Sex", choices=BLANK + [(s.value, s.label) for s in Sex], required=False
    )
    ethnicity_self_defined = forms.ChoiceField(
        label="Ethnicity (self-defined)",
        choices=[(e.value, e.label) for e in Ethnicity],
        initial=Ethnicity.NOT_STATED.value,
        required=False,
        help_text="Recorded for equality monitoring only. Never used to make decisions.",
    )
    ethnicity_officer_observed = forms.ChoiceField(
        label="Ethnicity (officer-observed)",
        choices=[(e.value, e.label) for e in Ethnicity],
        initial=Ethnicity.NOT_STATED.value,
        required=False,
        help_text="Recorded for equality monitoring only.",
    )
    address_area = forms.CharField(
        label="Home area", max_length=120, required=False, help_text="For example, North or South"
    )
    pnc_id = forms.CharField(label="PNC ID", max_length=20, required=False)
    custody_reference = forms.CharField(
        label="Custody record number", max_length=40, required=False
    )
    offence = OffenceChoiceField(
        label="Offence",
        queryset=Offence.objects.all(),
        to_field_name="code",
        empty_label="Choose the offence",
        error_messages={"required": "Choose the offence"},
    )
    committed_on = GovukDateField(
        label="Date of the offence", help_text="The first day, if it happened over several days"
    )
    second_offence = OffenceChoiceField(
        label="Second offence",
        queryset=Offence.objects.all(),
        to_field_name="code",
        required=False,
        empty_label="None",
    )
    second_committed_on = GovukDateField(label="Date of the second offence", required=False)
    none_of_these = forms.BooleanField(
        label="None of the people shown is this person: add them to the index as someone new",
        required=False,
    )

    def __init__(self, *args: Any, existing_person: bool = False, **kwargs: Any) -> None:
        """Ask for a new person's details; hide them for someone already on the index."""
        super().__init__(*args, **kwargs)
        if existing_person:
            for name in PERSON_FIELDS:
                del self.fields[name]
            return
        for name, message in NEW_PERSON_REQUIRED.items():
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = message

    def clean(self) -> dict[str, Any]:
        """Require a date for a second offence."""
        data = super().clean() or {}
        if (
            data.get("second_offence")
            and not data.get("second_committed_on")
            and "second_committed_on" not in self.errors
        ):
            self.add_error("second_committed_on", "Enter the date of the second offence")
        return data


NEW_PERSON_REQUIRED = {
    "given_names": "Enter the person's given names",
    "family_name": "Enter the person's family name",
    "date_of_birth": "Enter the person's date of birth",
    "sex": "Choose the person's sex",
}

PERSON_FIELDS = (
    "none_of_these",
    "given_names",
    "family_name",
    "date_of_birth",
    "sex",
    "ethnicity_self_defined",
    "ethnicity_officer_observed",
    "address_area",
    "pnc_id",
)


class TransitionForm(GovukForm):
    """Record a change of state, with the reason where the table asks for one."""

    transition = forms.ChoiceField(label="What has happened?", widget=GovukRadios)
    reason = forms.CharField(
        label="Reason", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )

    def __init__(self, *args: Any, rules: list[TransitionRule], **kwargs: Any) -> None:
        """Offer only the transitions the user's role could take from the case's state."""
        super().__init__(*args, **kwargs)
        field = self.fields["transition"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(r.transition.value, r.transition.label.capitalize()) for r in rules]


class NavigatorChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Pick a navigator by name."""

    def label_from_instance(self, obj: User) -> str:
        """Show the navigator's name."""
        return obj.display_name


class AssignForm(GovukForm):
    """Allocate a case to a navigator in the supervisor's team."""

    navigator = NavigatorChoiceField(
        label="Navigator", queryset=User.objects.none(), empty_label="Choose a navigator"
    )
    reason = forms.CharField(
        label="Reason (needed when moving a case)", required=False, max_length=500
    )

    def __init__(self, *args: Any, navigators: Any, **kwargs: Any) -> None:
        """Offer the team's navigators."""
        super().__init__(*args, **kwargs)
        field = self.fields["navigator"]
        assert isinstance(field, NavigatorChoiceField)
        field.queryset = navigators
