"""Forms for victims' records and the updates given to them."""

from __future__ import annotations

from typing import Any

from django import forms

from checkpoint.victims.models import ContactWay, RestorativeOption
from checkpoint.web.forms import GovukDateField, GovukForm, GovukRadios

YES_NO = [("yes", "Yes"), ("no", "No")]


class VictimForm(GovukForm):
    """A victim's contact details, views and restorative wishes."""

    name = forms.CharField(
        label="Victim's name", max_length=200, error_messages={"required": "Enter the name"}
    )
    phone = forms.CharField(label="Phone", max_length=40, required=False)
    email = forms.EmailField(label="Email", required=False)
    address = forms.CharField(
        label="Address", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    preferred_contact = forms.ChoiceField(
        label="How do they prefer to be contacted?",
        required=False,
        choices=[("", "No preference"), *ContactWay.choices],
    )
    contact_notes = forms.CharField(
        label="Contact notes",
        required=False,
        max_length=1000,
        help_text="For example, times to avoid or someone who must not be told.",
    )
    wants_updates = forms.ChoiceField(
        label="Does the victim want updates on the case?",
        widget=GovukRadios,
        choices=YES_NO,
        initial="yes",
    )
    views = forms.CharField(
        label="The victim's views",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Their views of the offence and of diversion. Navigators do not see this.",
    )
    restorative_option = forms.ChoiceField(
        label="Restorative option the victim chose",
        widget=GovukRadios,
        choices=RestorativeOption.choices,
        initial=RestorativeOption.NONE.value,
    )
    restorative_wishes = forms.CharField(
        label="What the victim wants from it",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The navigator sees this, to write the contract's victim condition. Do not "
        "include how to contact the victim.",
    )

    def values(self) -> dict[str, Any]:
        """Return the fields as the services take them."""
        data = dict(self.cleaned_data)
        data["wants_updates"] = data["wants_updates"] == "yes"
        return data


class VictimUpdateForm(GovukForm):
    """An update given to a victim."""

    given_on = GovukDateField(label="Date of the update", help_text="For example, 3 12 2026")
    method = forms.ChoiceField(
        label="How was the victim told?",
        widget=GovukRadios,
        choices=ContactWay.choices,
        error_messages={"required": "Choose how the victim was told"},
    )
    summary = forms.CharField(
        label="What was said",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what the victim was told"},
    )
